package dev.operon.saga;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.saga.SagaEngineContract.Ports;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ManualClock;
import dev.operon.testkit.PostgresSchema;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On the local PostgreSQL, in a schema of its own; skipped if PostgreSQL is down (unless CI=true). */
class PostgresSagaCompensationTest extends SagaCompensationContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final AtomicInteger TESTS = new AtomicInteger();

  @Override
  protected Ports open(ManualClock clock) {
    BackendOptions options = BackendOptions.defaults().withClock(clock)
        .withTablePrefix("comp" + TESTS.incrementAndGet() + "_");
    JdbcDatabase db = JdbcDatabase.open(SCHEMA.url(), options);
    return new Ports(db.eventStore(), db.taskQueue(), db.timerStore(), db::close, db.transactor());
  }
}
