package dev.operon.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Instants as the capability tables store them: nanoseconds since the epoch in a BIGINT column,
 * exact to the nanosecond on every database (SQLite has no timestamp type; PostgreSQL's keeps
 * microseconds only).
 */
public final class EpochNanos {
  private EpochNanos() {}

  /** {@code at} in nanoseconds since the epoch. */
  public static long of(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }

  /** The instant {@code nanos} nanoseconds after the epoch (before it, if negative). */
  public static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** Binds {@code at} (SQL NULL if null) to parameter {@code index}. */
  public static void set(PreparedStatement statement, int index, Instant at) throws SQLException {
    if (at == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, of(at));
    }
  }
}
