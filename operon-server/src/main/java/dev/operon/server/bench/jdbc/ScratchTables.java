package dev.operon.server.bench.jdbc;

import dev.operon.server.bench.JdbcUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Drops every table whose name starts with a benchmark run's prefix. */
public final class ScratchTables {
  private ScratchTables() {}

  /** Drops the tables of {@code prefix} in the database of {@code jdbcUrl}; returns their names. */
  public static List<String> drop(String jdbcUrl, String prefix) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      List<String> tables = list(connection, prefix, JdbcUrls.isSqlite(jdbcUrl));
      try (Statement statement = connection.createStatement()) {
        for (String table : tables) {
          statement.execute("DROP TABLE IF EXISTS \"" + table + "\""
              + (JdbcUrls.isSqlite(jdbcUrl) ? "" : " CASCADE"));
        }
      }
      return tables;
    }
  }

  /**
   * Lets the database settle after a bulk fill, as it would have long settled in production: its
   * planner statistics gathered for the tables of {@code prefix} and its write-ahead log
   * checkpointed, so that what is measured next is not the aftermath of the fill (PostgreSQL's
   * {@code VACUUM ANALYZE} and {@code CHECKPOINT}; SQLite's {@code ANALYZE} and a truncating WAL
   * checkpoint).
   */
  public static void settle(String jdbcUrl, String prefix) throws SQLException {
    boolean sqlite = JdbcUrls.isSqlite(jdbcUrl);
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      if (sqlite) {
        statement.execute("ANALYZE");
        statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        return;
      }
      for (String table : list(connection, prefix, false)) {
        statement.execute("VACUUM ANALYZE \"" + table + "\"");
      }
      statement.execute("CHECKPOINT");
    }
  }

  private static List<String> list(Connection connection, String prefix, boolean sqlite)
      throws SQLException {
    String query = sqlite
        ? "SELECT name FROM sqlite_master WHERE type = 'table'"
        : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()";
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        String name = rows.getString(1);
        if (name.toLowerCase(java.util.Locale.ROOT).startsWith(prefix.toLowerCase(java.util.Locale.ROOT))) {
          tables.add(name);
        }
      }
    }
    return tables;
  }
}
