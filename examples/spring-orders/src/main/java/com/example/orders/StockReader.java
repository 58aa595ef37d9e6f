package com.example.orders;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the stock from the database; counts its reads, so that one can see which were kept. */
public class StockReader implements StockQueries {
  private final JdbcTemplate jdbc;
  private final AtomicInteger reads = new AtomicInteger();

  StockReader(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public int available(String sku) {
    reads.incrementAndGet();
    return jdbc.query("SELECT quantity FROM stock WHERE sku = ?", rows -> rows.next() ? rows.getInt(1) : 0, sku);
  }

  /** How many times the stock was read from the database. */
  public int reads() {
    return reads.get();
  }
}
