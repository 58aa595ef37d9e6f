package dev.operon.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.tracking.internal.jdbc.JdbcTrackingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tracked operations in a database, each test in tables of its own prefix. */
abstract class DatabaseTrackingContract extends TrackingContract {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private Backend backend;

  /** The database URL (a SQLite file or a PostgreSQL schema of this class). */
  protected abstract String url();

  @Override
  protected TrackingStore openStore() {
    backend = Backends.open(url(), BackendOptions.defaults().withTablePrefix("t" + PREFIXES.incrementAndGet() + "_"));
    return new JdbcTrackingStore(JdbcDatabase.of(backend).orElseThrow(), clock);
  }

  @Override
  protected AuditLog openAuditLog() {
    return new dev.operon.tracking.internal.jdbc.JdbcAuditLog(JdbcDatabase.of(backend).orElseThrow());
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  @Test
  void writesMadeInsideATransactionOfTheDatabaseCommitAndRollBackWithIt() {
    JdbcDatabase database = JdbcDatabase.of(backend).orElseThrow();
    Tracking joined = new Tracking(TrackingStores.of(backend), clock);
    String kept = database.inTransaction(c -> joined.start("Order.Place", null, null, null));
    String[] rolledBack = new String[1];

    assertThatThrownBy(() -> database.inTransaction(c -> {
      rolledBack[0] = joined.start("Order.Place", null, null, null);
      joined.updateProgress(kept, 50, "halfway");
      throw new IllegalStateException("the business write failed");
    })).hasMessageContaining("the business write failed");

    assertThat(joined.snapshot(rolledBack[0])).isEmpty();
    assertThat(joined.snapshot(kept).orElseThrow().percent()).isNull();
  }

  @Test
  void onTheDatabasesClockAHostWhoseClockIsWrongStillHasItsHeartbeatsCounted() {
    TrackingStore databaseClock = TrackingStores.of(backend);
    ManualClock hourBehind = new ManualClock(Instant.now().minus(Duration.ofHours(1)));
    Tracking behind = new Tracking(databaseClock, hourBehind);
    String id = behind.start("Clock.Skew", null, null, null);

    assertThat(behind.findStalled(Duration.ofMinutes(30))).extracting(TrackedOperation::id).containsExactly(id);

    behind.updateProgress(id, 10, "alive");

    assertThat(behind.findStalled(Duration.ofMinutes(30))).isEmpty();
    ManualClock dayAhead = new ManualClock(Instant.now().plus(Duration.ofDays(1)));
    assertThat(new Tracking(databaseClock, dayAhead).findStalled(Duration.ofMinutes(30))).isEmpty();
  }
}
