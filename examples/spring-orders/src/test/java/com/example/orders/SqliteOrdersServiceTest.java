package com.example.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The order service on an SQLite file in WAL mode: its tables and Operon's in that file. */
class SqliteOrdersServiceTest extends OrdersServiceContract {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry properties) {
    Path dir;
    try {
      dir = Files.createTempDirectory("orders-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    properties.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("orders.db")
        + "?journal_mode=WAL&busy_timeout=30000&transaction_mode=IMMEDIATE");
  }
}
