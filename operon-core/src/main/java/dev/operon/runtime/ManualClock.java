package dev.operon.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that only moves when told to, for tests that drive time by hand. Thread-safe;
 * its zone is UTC. Time never goes backwards unless {@link #set(Instant)} says so.
 */
public final class ManualClock extends Clock {
  /** The instant a clock made by {@link #ManualClock()} starts at (whole milliseconds). */
  public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;

  /** A clock standing at {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** A clock standing at {@code start}. */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /** Moves the clock forward by {@code duration} (which must not be negative); returns the new time. */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a manual clock only moves forward, was " + duration);
    }
    return now.updateAndGet(t -> t.plus(duration));
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public long millis() {
    return now.get().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** A manual clock has one zone, UTC; asking for another is an error. */
  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.normalized().equals(zone.normalized())) {
      return this;
    }
    throw new UnsupportedOperationException("a manual clock runs in UTC only, asked for " + zone);
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
