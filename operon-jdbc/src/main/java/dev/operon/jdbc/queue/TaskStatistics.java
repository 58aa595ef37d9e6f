package dev.operon.jdbc.queue;

import dev.operon.error.ErrorKind;
import dev.operon.jdbc.internal.DatabaseContext;
import dev.operon.jdbc.internal.Transactions;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the planner's statistics of the tasks table after a large publish, where the database
 * needs them ({@link dev.operon.jdbc.dialect.Dialect#refreshStatistics}: PostgreSQL). Autovacuum
 * analyses a table only about once a minute; until then, a queue that received thousands of
 * tasks at once is planned as if it held a dozen, and every claim sorts the whole backlog instead
 * of reading the head of the ready index (13 ms instead of under 1 ms per claim of 50 with 20,000
 * tasks). The analysis runs after the publish committed, on a virtual thread of its own, one at a
 * time (publishes during one ask for one more run afterwards); a failure is logged and changes
 * nothing but the plan.
 */
final class TaskStatistics {
  /** Rows in one publish from which the statistics are refreshed. */
  static final int LARGE_PUBLISH = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(TaskStatistics.class);

  private final Transactions transactions;
  private final Optional<String> refreshSql;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();

  TaskStatistics(DatabaseContext context) {
    this.transactions = context.transactions();
    this.refreshSql = context.dialect().refreshStatistics(context.tables().sql("{p}tasks"));
  }

  /** Called once {@code rows} tasks published together committed. */
  void published(int rows) {
    if (refreshSql.isEmpty() || rows < LARGE_PUBLISH) {
      return;
    }
    again.set(true);
    if (running.compareAndSet(false, true)) {
      Thread.ofVirtual().name("operon-task-statistics").start(this::refresh);
    }
  }

  private void refresh() {
    do {
      again.set(false);
      try {
        transactions.autoCommit(ErrorKind.TASK_QUEUE, connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute(refreshSql.get());
          }
          return null;
        });
      } catch (RuntimeException e) {
        LOG.debug("Could not refresh the statistics of the tasks table: {}", e.toString());
      }
      running.set(false);
    } while (again.get() && running.compareAndSet(false, true));
  }
}
