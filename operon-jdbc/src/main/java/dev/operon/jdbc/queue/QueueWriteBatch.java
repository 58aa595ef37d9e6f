package dev.operon.jdbc.queue;

import dev.operon.error.ErrorKind;
import dev.operon.jdbc.internal.GroupCommitter;
import dev.operon.jdbc.internal.Tables;
import dev.operon.jdbc.internal.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Group commit of publishes and acks: one transaction with one JDBC batch of INSERTs and one of
 * DELETEs (pgjdbc sends a batch in one round trip). Neither can fail for one caller alone: a
 * publish has a fresh id and no dedup key, and an ack with a stale lease deletes nothing. Acks
 * are committed apart from publishes and without waiting for the WAL flush: a crash may lose an
 * ack, which only redelivers the task (at least once), while a publish is durable when it returns.
 */
final class QueueWriteBatch implements GroupCommitter.BatchWriter<QueueWrite> {
  private final Transactions transactions;
  private final String insertSql;
  private final String deleteSql;
  private final boolean relaxed;

  /** @param relaxed commit without waiting for the flush (acks only: a lost ack means a redelivery) */
  QueueWriteBatch(Transactions transactions, Tables tables, boolean relaxed) {
    this.transactions = transactions;
    this.relaxed = relaxed;
    this.insertSql = tables.sql("INSERT INTO {p}tasks (id, queue, payload, delivery, visible_at_ns, published_at_ns)"
        + " VALUES (?, ?, ?, 0, ?, ?)");
    this.deleteSql = tables.sql("DELETE FROM {p}tasks WHERE id = ? AND lease = ?");
  }

  @Override
  public void write(List<QueueWrite> batch) {
    transactions.writeOwn(ErrorKind.TASK_QUEUE, connection -> {
      if (relaxed) {
        transactions.dialect().relaxDurability(connection);
      }
      insert(connection, batch);
      delete(connection, batch);
      return null;
    });
    batch.forEach(write -> write.succeed(Boolean.TRUE));
  }

  private void insert(Connection connection, List<QueueWrite> batch) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(insertSql)) {
      int count = 0;
      for (QueueWrite write : batch) {
        if (write instanceof QueueWrite.Publish publish) {
          statement.setString(1, publish.row.id());
          statement.setString(2, publish.row.queue());
          statement.setBytes(3, publish.row.payload());
          statement.setLong(4, publish.row.visibleAtNanos());
          statement.setLong(5, publish.row.publishedAtNanos());
          statement.addBatch();
          count++;
        }
      }
      if (count > 0) {
        statement.executeBatch();
      }
    }
  }

  private void delete(Connection connection, List<QueueWrite> batch) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(deleteSql)) {
      int count = 0;
      for (QueueWrite write : batch) {
        if (write instanceof QueueWrite.Ack ack) {
          statement.setString(1, ack.id);
          statement.setString(2, ack.lease);
          statement.addBatch();
          count++;
        }
      }
      if (count > 0) {
        statement.executeBatch();
      }
    }
  }
}
