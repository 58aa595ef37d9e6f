package dev.operon.saga;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ManualClock;
import dev.operon.testkit.PostgresSchema;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine on the local PostgreSQL, in a schema of its own; skipped if PostgreSQL is down (unless CI=true). */
class PostgresSagaEngineTest extends SagaEngineContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final AtomicInteger TESTS = new AtomicInteger();
  private BackendOptions options;

  @Override
  protected Ports open(ManualClock clock) {
    options = BackendOptions.defaults().withClock(clock).withTablePrefix("t" + TESTS.incrementAndGet() + "_");
    return reopen(clock);
  }

  @Override
  protected boolean survivesRestart() {
    return true;
  }

  @Override
  protected Ports reopen(ManualClock clock) {
    JdbcDatabase db = JdbcDatabase.open(SCHEMA.url(), options);
    return new Ports(db.eventStore(), db.taskQueue(), db.timerStore(), db::close);
  }
}
