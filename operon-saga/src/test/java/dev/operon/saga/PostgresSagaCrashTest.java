package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On the local PostgreSQL, in a schema of its own; skipped if PostgreSQL is down (unless CI=true). */
class PostgresSagaCrashTest extends SagaCrashContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.jdbc(SCHEMA.url(), SagaTestBackends.fresh(clock));
  }
}
