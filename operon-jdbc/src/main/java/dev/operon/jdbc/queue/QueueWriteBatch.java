package dev.operon.jdbc.queue;

import dev.operon.error.ErrorKind;
import dev.operon.jdbc.internal.GroupCommitter;
import dev.operon.jdbc.internal.Transactions;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit of publishes or of acks: the rows of every caller in the batch are written by one
 * statement ({@link TaskTable#insertAll}, {@link TaskTable#deleteAll}), auto-committed on
 * PostgreSQL, in one transaction on SQLite. Neither can fail for one caller alone: a publish has
 * fresh ids and no dedup key, and an ack with a stale lease deletes nothing. Acks are committed
 * without waiting for the WAL flush: a crash may lose an ack, which only redelivers the task (at
 * least once), while a publish is durable when it returns.
 */
final class QueueWriteBatch implements GroupCommitter.BatchWriter<QueueWrite> {
  private final Transactions transactions;
  private final TaskTable tasks;

  QueueWriteBatch(Transactions transactions, TaskTable tasks) {
    this.transactions = transactions;
    this.tasks = tasks;
  }

  @Override
  public void write(List<QueueWrite> batch) {
    List<NewTaskRow> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> leases = new ArrayList<>();
    for (QueueWrite write : batch) {
      if (write instanceof QueueWrite.Publish publish) {
        rows.addAll(publish.rows);
      } else if (write instanceof QueueWrite.Ack ack) {
        ids.addAll(ack.ids);
        leases.addAll(ack.leases);
      }
    }
    if (!rows.isEmpty()) {
      transactions.writeStatement(ErrorKind.TASK_QUEUE, connection -> {
        tasks.insertAll(connection, rows);
        return null;
      });
    }
    if (!ids.isEmpty()) {
      transactions.writeStatement(ErrorKind.TASK_QUEUE, connection -> {
        tasks.deleteAll(connection, ids, leases, true);
        return null;
      });
    }
    batch.forEach(write -> write.succeed(Boolean.TRUE));
  }
}
