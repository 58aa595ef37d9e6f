package dev.operon.jdbc.queue;

import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Tables;
import dev.operon.queue.DeadLetter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves tasks to the dead-letter table: {@code DELETE ... RETURNING} the task (only if the lease
 * still matches, or every exhausted task of a queue), then insert what it returned.
 */
final class DeadLetterTable {
  private final String takeOneSql;
  private final String takeExhaustedSql;
  private final String insertSql;
  private final String listSql;

  DeadLetterTable(Tables tables) {
    String returning = " RETURNING queue, id, payload, delivery";
    this.takeOneSql = tables.sql("DELETE FROM {p}tasks WHERE id = ? AND lease = ?" + returning);
    this.takeExhaustedSql = tables.sql("DELETE FROM {p}tasks WHERE queue = ? AND delivery >= ? AND visible_at_ns <= ?"
        + returning);
    this.insertSql = tables.sql("INSERT INTO {p}dead_letters (queue, id, payload, deliveries, reason, dead_at_ns)"
        + " VALUES (?, ?, ?, ?, ?, ?)");
    this.listSql = tables.sql("SELECT queue, id, payload, deliveries, reason, dead_at_ns FROM {p}dead_letters"
        + " WHERE queue = ? ORDER BY seq LIMIT ?");
  }

  /** Moves one leased task; false if the lease is stale. Run inside a transaction. */
  boolean moveOne(Connection connection, String id, String lease, String reason, long nowNanos) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(takeOneSql)) {
      statement.setString(1, id);
      statement.setString(2, lease);
      return insertReturned(connection, statement, reason, nowNanos) > 0;
    }
  }

  /** Moves the tasks of {@code queue} delivered {@code maxDeliveries} times whose ack wait ran out. */
  int moveExhausted(Connection connection, String queue, int maxDeliveries, long nowNanos) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(takeExhaustedSql)) {
      statement.setString(1, queue);
      statement.setInt(2, maxDeliveries);
      statement.setLong(3, nowNanos);
      return insertReturned(connection, statement, "max deliveries (" + maxDeliveries + ") reached", nowNanos);
    }
  }

  List<DeadLetter> list(Connection connection, String queue, int limit) throws SQLException {
    List<DeadLetter> letters = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(listSql)) {
      statement.setString(1, queue);
      statement.setInt(2, limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          letters.add(new DeadLetter(rows.getString(1), rows.getString(2), rows.getBytes(3), rows.getInt(4),
              rows.getString(5), EpochNanos.toInstant(rows.getLong(6))));
        }
      }
    }
    return letters;
  }

  private int insertReturned(Connection connection, PreparedStatement take, String reason, long nowNanos)
      throws SQLException {
    List<Object[]> taken = new ArrayList<>();
    try (ResultSet rows = take.executeQuery()) {
      while (rows.next()) {
        taken.add(new Object[] {rows.getString(1), rows.getString(2), rows.getBytes(3), rows.getInt(4)});
      }
    }
    if (taken.isEmpty()) {
      return 0;
    }
    try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
      for (Object[] row : taken) {
        insert.setString(1, (String) row[0]);
        insert.setString(2, (String) row[1]);
        insert.setBytes(3, (byte[]) row[2]);
        insert.setInt(4, (Integer) row[3]);
        insert.setString(5, reason);
        insert.setLong(6, nowNanos);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return taken.size();
  }
}
