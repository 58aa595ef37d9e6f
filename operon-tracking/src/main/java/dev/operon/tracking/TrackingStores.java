package dev.operon.tracking;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.spi.Backend;
import dev.operon.tracking.internal.InMemoryTrackingStore;
import dev.operon.tracking.internal.jdbc.JdbcTrackingStore;
import java.time.Clock;

/** The tracking store and audit log of a backend: the tables of a SQLite or PostgreSQL database, or memory. */
public final class TrackingStores {
  private TrackingStores() {}

  /** The store of {@code backend}; staleness is measured on the database's clock (on memory, the system's). */
  public static TrackingStore of(Backend backend) {
    return JdbcDatabase.of(backend).<TrackingStore>map(db -> new JdbcTrackingStore(db, null))
        .orElseGet(() -> new InMemoryTrackingStore(Clock.systemUTC()));
  }

  /**
   * The store of {@code backend} on {@code clock}: heartbeats and staleness measured on it rather
   * than on the database's clock (tests that drive time with a manual clock).
   */
  public static TrackingStore of(Backend backend, Clock clock) {
    java.util.Objects.requireNonNull(clock, "clock");
    return JdbcDatabase.of(backend).<TrackingStore>map(db -> new JdbcTrackingStore(db, clock))
        .orElseGet(() -> new InMemoryTrackingStore(clock));
  }

  /** The audit log of {@code backend}: its database's audit tables, or memory. */
  public static AuditLog auditLog(Backend backend) {
    return JdbcDatabase.of(backend).<AuditLog>map(dev.operon.tracking.internal.jdbc.JdbcAuditLog::new)
        .orElseGet(dev.operon.tracking.internal.InMemoryAuditLog::new);
  }
}
