package dev.operon.server.bench.jdbc;

import dev.operon.commands.CommandContext;
import dev.operon.commands.jdbc.OperationDb;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.spi.Backend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** The business table of {@code bench commands}: one row per persistent command, written in its operation's transaction. */
public final class BenchRows {
  private BenchRows() {}

  /** Creates {@code table} in {@code backend}'s database. */
  public static void create(Backend backend, String table) throws SQLException {
    try (Connection c = JdbcDatabase.of(backend).orElseThrow().dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
    }
  }

  /** Inserts row {@code id} on the connection of {@code context}'s operation (which makes it persistent). */
  public static void insert(CommandContext context, String table, long id) throws SQLException {
    try (PreparedStatement insert = OperationDb.connection(context).prepareStatement(
        "INSERT INTO " + table + " (id, payload) VALUES (?, ?)")) {
      insert.setLong(1, id);
      insert.setString(2, "{\"order\":\"o-" + id + "\",\"cents\":1250}");
      insert.executeUpdate();
    }
  }
}
