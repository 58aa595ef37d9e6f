package dev.operon.jdbc.queue;

import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Tables;
import dev.operon.queue.Task;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements on the tasks table. A claim is one statement on both databases:
 * {@code UPDATE ... WHERE id IN (SELECT ... ORDER BY visible_at LIMIT n [FOR UPDATE SKIP LOCKED])
 * RETURNING ...}, which moves the tasks' visibility to now + ack wait, counts the delivery and
 * gives them a fresh lease token (the task's receipt).
 */
final class TaskTable {
  private final String insertSql;
  private final String dedupSql;
  private final String claimSql;
  private final String ackSql;
  private final String releaseSql;

  TaskTable(Tables tables, Dialect dialect) {
    this.insertSql = tables.sql("INSERT INTO {p}tasks (id, queue, payload, delivery, visible_at_ns, published_at_ns,"
        + " dedup_key, lease) VALUES (?, ?, ?, 0, ?, ?, ?, NULL)"
        + " ON CONFLICT (queue, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING");
    this.dedupSql = tables.sql("SELECT id FROM {p}tasks WHERE queue = ? AND dedup_key = ?");
    this.claimSql = tables.sql("UPDATE {p}tasks SET delivery = delivery + 1, lease = ?, visible_at_ns = ?"
        + " WHERE id IN (SELECT id FROM {p}tasks WHERE queue = ? AND visible_at_ns <= ?"
        + " ORDER BY visible_at_ns, id LIMIT ?" + dialect.forUpdateSkipLocked() + ")"
        + " RETURNING id, payload, delivery, published_at_ns");
    this.ackSql = tables.sql("DELETE FROM {p}tasks WHERE id = ? AND lease = ?");
    this.releaseSql = tables.sql("UPDATE {p}tasks SET visible_at_ns = ?, lease = NULL WHERE id = ? AND lease = ?");
  }

  /** Inserts a task; false if a task with the same dedup key is unfinished. */
  boolean insert(Connection connection, NewTaskRow row) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(insertSql)) {
      statement.setString(1, row.id());
      statement.setString(2, row.queue());
      statement.setBytes(3, row.payload());
      statement.setLong(4, row.visibleAtNanos());
      statement.setLong(5, row.publishedAtNanos());
      statement.setString(6, row.dedupKey());
      return statement.executeUpdate() == 1;
    }
  }

  /** The id of the unfinished task of {@code queue} with {@code dedupKey}. */
  Optional<String> idByDedupKey(Connection connection, String queue, String dedupKey) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dedupSql)) {
      statement.setString(1, queue);
      statement.setString(2, dedupKey);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /** Claims up to {@code max} visible tasks under {@code lease}; sorted by id (publish order). */
  List<Task> claim(Connection connection, String queue, int max, String lease, long nowNanos, long invisibleUntil)
      throws SQLException {
    List<Task> tasks = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(claimSql)) {
      statement.setString(1, lease);
      statement.setLong(2, invisibleUntil);
      statement.setString(3, queue);
      statement.setLong(4, nowNanos);
      statement.setInt(5, max);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          tasks.add(new Task(queue, rows.getString(1), rows.getBytes(2), rows.getInt(3),
              EpochNanos.toInstant(rows.getLong(4)), lease));
        }
      }
    }
    tasks.sort((a, b) -> a.id().compareTo(b.id()));
    return tasks;
  }

  /** Deletes a task if its lease is still {@code lease}; false for a stale receipt. */
  boolean delete(Connection connection, String id, String lease) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(ackSql)) {
      statement.setString(1, id);
      statement.setString(2, lease);
      return statement.executeUpdate() == 1;
    }
  }

  /** Makes a leased task visible again at {@code visibleAtNanos}; false for a stale receipt. */
  boolean release(Connection connection, String id, String lease, long visibleAtNanos) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(releaseSql)) {
      statement.setLong(1, visibleAtNanos);
      statement.setString(2, id);
      statement.setString(3, lease);
      return statement.executeUpdate() == 1;
    }
  }
}
