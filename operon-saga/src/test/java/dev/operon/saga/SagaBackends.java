package dev.operon.saga;

import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.inmemory.InMemoryTaskQueue;
import dev.operon.inmemory.InMemoryTimerStore;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.saga.SagaEngineContract.Ports;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ManualClock;

/** Opens the ports of the backends the saga engine's suites run on. */
final class SagaBackends {
  private SagaBackends() {}

  /** Fresh in-memory ports on {@code clock}. */
  static Ports inMemory(ManualClock clock) {
    BackendOptions options = BackendOptions.defaults().withClock(clock);
    return new Ports(new InMemoryEventStore(options), new InMemoryTaskQueue(options),
        new InMemoryTimerStore(options), () -> { });
  }

  /** The settings of a JDBC backend on {@code clock} whose tables start with {@code tablePrefix}. */
  static BackendOptions options(ManualClock clock, String tablePrefix) {
    return BackendOptions.defaults().withClock(clock).withTablePrefix(tablePrefix);
  }

  /** The ports of the database at {@code url} (sqlite:FILE or postgres://...), with its transactor. */
  static Ports jdbc(String url, BackendOptions options) {
    JdbcDatabase db = JdbcDatabase.open(url, options);
    return new Ports(db.eventStore(), db.taskQueue(), db.timerStore(), db::close, db.transactor());
  }
}
