package dev.operon.saga.internal.visibility.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaState;
import dev.operon.saga.SagaSummary;
import dev.operon.saga.internal.history.EventFactoryAccess;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.visibility.InMemorySagaVisibility;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Transactor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Histories written before the visibility table existed get their rows when it is created. */
class VisibilityBackfillTest {
  @TempDir
  Path dir;

  @Test
  void aNewVisibilityTableIsFilledFromTheHistoriesAlreadyStored() throws Exception {
    ManualClock clock = new ManualClock();
    BackendOptions options = BackendOptions.defaults().withClock(clock).withTablePrefix("old_");
    try (JdbcDatabase db = JdbcDatabase.open("sqlite:" + dir.resolve("old.db"), options)) {
      // an engine from before the table: its appends write no rows anywhere but in memory
      HistoryStore old = new HistoryStore(db.eventStore(), 0, new InMemorySagaVisibility(), Transactor.direct());
      EventFactoryAccess events = new EventFactoryAccess(clock);
      old.append(new SagaHistory("done-1", List.of()), List.of(events.started("done-1", "OrderSaga"),
          events.completed("done-1")));
      old.append(new SagaHistory("open-1", List.of()), List.of(events.started("open-1", "OrderSaga")));
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
        for (String table : List.of("saga_visibility", "saga_attributes", "saga_schema_version")) {
          st.execute("DROP TABLE IF EXISTS old_" + table);
        }
      }

      JdbcSagaVisibility created = new JdbcSagaVisibility(db);

      assertThat(created.list(SagaQuery.all()).sagas()).extracting(SagaSummary::sagaId, SagaSummary::state)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("done-1", SagaState.COMPLETED),
              org.assertj.core.groups.Tuple.tuple("open-1", SagaState.RUNNING));
      assertThat(created.open(null, 10)).containsExactly("open-1");
      assertThat(new JdbcSagaVisibility(db).open(null, 10)).as("a second opening fills nothing twice")
          .containsExactly("open-1");
    }
  }
}
