package dev.operon.saga;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.nats.NatsTaskQueue;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.Services;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine with histories and timers on PostgreSQL and its tasks on NATS JetStream. */
class PostgresNatsSagaEngineTest extends SagaFeaturesContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static final NatsQueues QUEUES = new NatsQueues("pg");
  private BackendOptions options;

  @Override
  protected Ports open(ManualClock clock) {
    Services.requireNats();
    options = BackendOptions.defaults().withClock(clock).withTablePrefix("t" + TESTS.incrementAndGet() + "_");
    return ports(QUEUES.openFresh());
  }

  @Override
  protected boolean survivesRestart() {
    return true;
  }

  @Override
  protected boolean dedupEndsWithTheTask() {
    return false;
  }

  @Override
  protected Ports reopen(ManualClock clock) {
    return ports(QUEUES.reopenLast());
  }

  private Ports ports(NatsTaskQueue queue) {
    JdbcDatabase db = JdbcDatabase.open(SCHEMA.url(), options);
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
