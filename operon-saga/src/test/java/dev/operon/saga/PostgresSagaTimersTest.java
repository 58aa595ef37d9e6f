package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import dev.operon.saga.SagaBackendTest.Ports;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine on the local PostgreSQL, in a schema of its own; skipped if PostgreSQL is down (unless CI=true). */
class PostgresSagaTimersTest extends SagaTimersContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final AtomicInteger TESTS = new AtomicInteger();

  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.jdbc(SCHEMA.url(), SagaTestBackends.options(clock, "tm" + TESTS.incrementAndGet() + "_"));
  }
}
