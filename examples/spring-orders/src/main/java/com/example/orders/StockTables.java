package com.example.orders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The service's own tables, made when it starts (on PostgreSQL and SQLite alike). */
@Component
public class StockTables {
  StockTables(JdbcTemplate jdbc) {
    jdbc.execute("CREATE TABLE IF NOT EXISTS stock (sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL)");
    jdbc.execute("CREATE TABLE IF NOT EXISTS stock_moves (request_id TEXT PRIMARY KEY, sku TEXT NOT NULL,"
        + " delta INTEGER NOT NULL)");
    jdbc.execute("CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, sku TEXT NOT NULL,"
        + " quantity INTEGER NOT NULL, supplier TEXT NOT NULL)");
  }
}
