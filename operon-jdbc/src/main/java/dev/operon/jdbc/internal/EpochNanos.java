package dev.operon.jdbc.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Instants are stored as nanoseconds since the epoch in a 64-bit integer column, so that both
 * databases keep the full precision of the injected clock and compare times as plain numbers
 * (valid until the year 2262).
 */
public final class EpochNanos {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private EpochNanos() {}

  public static long of(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
  }

  public static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /** {@code instant + duration} in epoch nanos, saturating at the far future. */
  public static long plus(Instant instant, Duration duration) {
    try {
      return Math.addExact(of(instant), duration.toNanos());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
