package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.runtime.ManualClock;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine on the local PostgreSQL, in a schema of its own; skipped if PostgreSQL is down (unless CI=true). */
class PostgresSagaEngineTest extends SagaFeaturesContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final AtomicInteger TESTS = new AtomicInteger();
  private BackendOptions options;

  @Override
  protected Ports open(ManualClock clock) {
    options = SagaTestBackends.options(clock, "t" + TESTS.incrementAndGet() + "_");
    return reopen(clock);
  }

  @Override
  protected boolean survivesRestart() {
    return true;
  }

  @Override
  protected Ports reopen(ManualClock clock) {
    return SagaTestBackends.jdbc(SCHEMA.url(), options);
  }

  /**
   * The visibility table is written in each transition's own transaction, so list sees a saga as
   * soon as its start has committed, whatever other transaction is open on the server (the global
   * log an index once followed would hold it back until that transaction ended).
   */
  @Test
  void listSeesASagaAsSoonAsItsStartCommitsWhateverElseIsOpen() throws Exception {
    SagaEngine engine = engine(new QueryFixtures.TaggedSaga());
    try (Connection blocker = SCHEMA.connect()) {
      blocker.setAutoCommit(false);
      try (Statement st = blocker.createStatement()) {
        st.execute("SELECT pg_current_xact_id()");
      }
      var handle = engine.start(QueryFixtures.TaggedSaga.class, new OrderFixtures.OrderInput("o-60", 1));

      assertThat(engine.list(SagaQuery.all()).sagas()).extracting(SagaSummary::sagaId).containsExactly(handle.id());
      blocker.rollback();
    }
  }
}
