package dev.operon.server.orders.jdbc;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.server.orders.EffectLedger;
import dev.operon.spi.BackendOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

/**
 * The ledger in a table of the store's database ({@code <prefix>order_effects}, SQLite or
 * PostgreSQL), shared by every process of a run. An effect is one insert keyed by its idempotency
 * key; a second insert under the same key does nothing and the stored result is returned.
 */
public final class JdbcEffectLedger implements EffectLedger {
  private final JdbcDatabase database;
  private final String table;

  private JdbcEffectLedger(JdbcDatabase database, String table) {
    this.database = database;
    this.table = table;
  }

  /** Opens the store's database at {@code url} and creates the table if it is missing. */
  public static JdbcEffectLedger open(String url, BackendOptions options) {
    JdbcDatabase database = JdbcDatabase.open(url, options.withPoolSize(4));
    JdbcEffectLedger ledger = new JdbcEffectLedger(database, options.tablePrefix() + "order_effects");
    try {
      database.inTransaction(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE IF NOT EXISTS " + ledger.table + " (idempotency_key TEXT PRIMARY KEY,"
              + " order_id TEXT NOT NULL, step TEXT NOT NULL, result TEXT NOT NULL,"
              + " replays INTEGER NOT NULL DEFAULT 0)");
        }
        return null;
      });
      return ledger;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  @Override
  public String apply(String idempotencyKey, String orderId, String step, Supplier<String> result) {
    String fresh = result.get();
    return database.inTransaction(c -> {
      if (insert(c, idempotencyKey, orderId, step, fresh)) {
        return fresh;
      }
      try (PreparedStatement replay = c.prepareStatement(
          "UPDATE " + table + " SET replays = replays + 1 WHERE idempotency_key = ?")) {
        replay.setString(1, idempotencyKey);
        replay.executeUpdate();
      }
      return storedResult(c, idempotencyKey);
    });
  }

  private boolean insert(Connection c, String key, String orderId, String step, String result) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
        + " (idempotency_key, order_id, step, result) VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING")) {
      insert.setString(1, key);
      insert.setString(2, orderId);
      insert.setString(3, step);
      insert.setString(4, result);
      return insert.executeUpdate() == 1;
    }
  }

  private String storedResult(Connection c, String key) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(
        "SELECT result FROM " + table + " WHERE idempotency_key = ?")) {
      select.setString(1, key);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Override
  public LedgerCounts counts(String orderIdPrefix) {
    return database.inTransaction(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(replays), 0),"
          + " COUNT(DISTINCT order_id || '/' || step) FROM " + table + " WHERE order_id LIKE ?")) {
        select.setString(1, orderIdPrefix.replace("%", "") + "%");
        try (ResultSet rs = select.executeQuery()) {
          rs.next();
          long effects = rs.getLong(1);
          return new LedgerCounts(effects, rs.getLong(2), effects - rs.getLong(3));
        }
      }
    });
  }

  @Override
  public void close() {
    database.close();
  }
}
