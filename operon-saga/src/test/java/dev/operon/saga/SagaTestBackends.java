package dev.operon.saga;

import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.inmemory.InMemoryTaskQueue;
import dev.operon.inmemory.InMemoryTimerStore;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.nats.NatsTaskQueue;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.SagaBackendTest.Ports;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.Services;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the ports of each backend the engine tests run on, so a contract's backend subclasses are
 * a few lines: in memory, a SQLite file, a PostgreSQL schema, and PostgreSQL with tasks on NATS.
 * Every call uses a fresh table prefix, so each test sees an empty store.
 */
final class SagaTestBackends {
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private SagaTestBackends() {}

  static BackendOptions fresh(ManualClock clock) {
    return BackendOptions.defaults().withClock(clock).withTablePrefix("b" + PREFIXES.incrementAndGet() + "_");
  }

  /** The settings of a JDBC backend on {@code clock} whose tables start with {@code tablePrefix}. */
  static BackendOptions options(ManualClock clock, String tablePrefix) {
    return BackendOptions.defaults().withClock(clock).withTablePrefix(tablePrefix);
  }

  static Ports memory(ManualClock clock) {
    BackendOptions options = BackendOptions.defaults().withClock(clock);
    return new Ports(new InMemoryEventStore(options), new InMemoryTaskQueue(options),
        new InMemoryTimerStore(options), () -> { });
  }

  /** A database (SQLite file or PostgreSQL schema) holding histories, timers and tasks. */
  static Ports jdbc(String url, BackendOptions options) {
    JdbcDatabase db = JdbcDatabase.open(url, options);
    return new Ports(db.eventStore(), db.taskQueue(), db.timerStore(), db::close, db.transactor());
  }

  static Ports sqlite(Path dir, ManualClock clock) {
    return jdbc("sqlite:" + dir.resolve("sagas.db"), fresh(clock));
  }

  /** Histories and timers in the database at {@code url}, tasks on a NATS JetStream queue of {@code queues}. */
  static Ports withNats(String url, ManualClock clock, NatsQueues queues) {
    Services.requireNats();
    NatsTaskQueue queue = queues.openFresh();
    JdbcDatabase db = JdbcDatabase.open(url, fresh(clock));
    return new Ports(db.eventStore(), queue, db.timerStore(), () -> {
      queue.close();
      db.close();
    }, db.transactor());
  }
}
