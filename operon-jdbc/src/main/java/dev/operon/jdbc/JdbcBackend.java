package dev.operon.jdbc;

import dev.operon.checkpoint.Checkpoints;
import dev.operon.eventstore.EventStore;
import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.notify.PostgresChangeNotifier;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.PollingChangeNotifier;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Health;
import dev.operon.spi.Transactor;
import dev.operon.timer.TimerStore;

/**
 * A {@link JdbcDatabase} as a {@link Backend}: event store, task queue, timer store and checkpoints
 * from the database, and a notifier: LISTEN/NOTIFY on PostgreSQL, polling on SQLite (a file
 * database has no cross-process wake-up; readers on the same file find new work within one poll
 * interval).
 */
final class JdbcBackend implements Backend {
  private final JdbcDatabase database;
  private final BackendOptions options;
  private ChangeNotifier notifier;

  JdbcBackend(JdbcDatabase database, BackendOptions options) {
    this.database = database;
    this.options = options;
  }

  JdbcDatabase database() {
    return database;
  }

  @Override
  public BackendUrl url() {
    return database.url();
  }

  @Override
  public Health check() {
    return database.check();
  }

  @Override
  public EventStore eventStore() {
    return database.eventStore();
  }

  @Override
  public TaskQueue taskQueue() {
    return database.taskQueue();
  }

  @Override
  public TimerStore timerStore() {
    return database.timerStore();
  }

  @Override
  public Checkpoints checkpoints() {
    return database.checkpoints();
  }

  @Override
  public Transactor transactor() {
    return database.transactor();
  }

  @Override
  public synchronized ChangeNotifier notifier() {
    if (notifier == null) {
      Dialect dialect = database.dialect();
      notifier = dialect.listenNotify()
          ? new PostgresChangeNotifier(dialect.jdbcUrl(), dialect.driverProperties(), url().redacted(), options)
          : new PollingChangeNotifier(options);
    }
    return notifier;
  }

  @Override
  public synchronized void close() {
    if (notifier != null) {
      notifier.close();
    }
    database.close();
  }
}
