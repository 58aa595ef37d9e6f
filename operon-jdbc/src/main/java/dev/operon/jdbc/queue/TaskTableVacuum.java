package dev.operon.jdbc.queue;

import dev.operon.error.ErrorKind;
import dev.operon.jdbc.internal.Tables;
import dev.operon.jdbc.internal.Transactions;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps claims fast on PostgreSQL by vacuuming the tasks table when this process has claimed
 * many tasks since the last time. Every claim leaves the task's old entry dead at the head of the
 * ready index (the claim moves its visibility) and every ack deletes it; a claim scans from that
 * head, so until VACUUM removes them, each claim walks over every task finished since, and claims
 * slow down as they pile up (autovacuum looks at a table at most once a minute). The vacuum runs
 * on a background thread, at most one at a time and once a second, with SKIP_LOCKED so that it
 * never waits for another process's vacuum, and without truncating the file (that step takes an
 * exclusive lock, which stalls claims); so it blocks no reader or writer. A failure is logged and
 * the next threshold tries again.
 */
final class TaskTableVacuum implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskTableVacuum.class);
  static final long CLAIMED_ROWS_BETWEEN_VACUUMS = 10_000;
  private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

  private final Transactions transactions;
  private final String sql;
  private final String threadName;
  private final AtomicLong claimedSince = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile long lastStart = System.nanoTime() - MIN_INTERVAL_NANOS;
  private volatile boolean closed;

  TaskTableVacuum(Transactions transactions, Tables tables) {
    this.transactions = transactions;
    this.sql = "VACUUM (SKIP_LOCKED, TRUNCATE FALSE) " + tables.name("tasks");
    this.threadName = "operon-vacuum-" + tables.prefix();
  }

  /** Counts {@code rows} claimed tasks and starts a vacuum when enough piled up. */
  void claimed(int rows) {
    if (rows == 0 || claimedSince.addAndGet(rows) < CLAIMED_ROWS_BETWEEN_VACUUMS) {
      return;
    }
    if (closed || System.nanoTime() - lastStart < MIN_INTERVAL_NANOS || !running.compareAndSet(false, true)) {
      return;
    }
    claimedSince.set(0);
    lastStart = System.nanoTime();
    Thread.ofPlatform().daemon().name(threadName).start(this::vacuum);
  }

  private void vacuum() {
    try {
      transactions.autoCommit(ErrorKind.TASK_QUEUE, connection -> {
        try (Statement statement = connection.createStatement()) {
          statement.execute(sql);
        }
        return null;
      });
    } catch (RuntimeException e) {
      LOG.warn("Vacuuming the tasks table failed (claims may slow down until it succeeds): {}", e.getMessage());
    } finally {
      running.set(false);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
