package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Histories and timers on PostgreSQL, tasks on NATS JetStream; skipped if either is down (unless CI=true). */
class PostgresNatsSagaCrashTest extends SagaCrashContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final NatsQueues QUEUES = new NatsQueues("pgcrash");

  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.withNats(SCHEMA.url(), clock, QUEUES);
  }

  @AfterAll
  static void deleteStreams() {
    QUEUES.deleteAll();
  }
}
