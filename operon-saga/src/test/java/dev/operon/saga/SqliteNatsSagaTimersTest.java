package dev.operon.saga;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.nats.NatsTaskQueue;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.SagaBackendTest.Ports;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.Services;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/** Retry timers, schedules, the reconciler and code versions with SQLite and tasks on NATS JetStream. */
class SqliteNatsSagaTimersTest extends SagaTimersContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static final NatsQueues QUEUES = new NatsQueues("timers");

  @TempDir
  Path dir;

  @Override
  protected Ports open(ManualClock clock) {
    Services.requireNats();
    BackendOptions options = BackendOptions.defaults().withClock(clock)
        .withTablePrefix("tim" + TESTS.incrementAndGet() + "_");
    NatsTaskQueue queue = QUEUES.openFresh();
    JdbcDatabase db = JdbcDatabase.open("sqlite:" + dir.resolve("sagas.db"), options);
    return new Ports(db.eventStore(), queue, db.timerStore(), () -> {
      queue.close();
      db.close();
    }, db.transactor());
  }

  @AfterAll
  static void deleteStreams() {
    QUEUES.deleteAll();
  }
}
