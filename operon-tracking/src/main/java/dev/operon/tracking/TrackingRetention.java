package dev.operon.tracking;

import dev.operon.error.OperonException;
import dev.operon.runtime.ClockedLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trims finished operations and their events by their age: every period of its clock (±10%) it
 * deletes, in pages, the operations that ended with each final status longer ago than that status's
 * age (by default 7 days for SUCCEEDED and CANCELED, 30 for FAILED, which are the ones someone
 * investigates). Operations still going are never trimmed, however old.
 */
public final class TrackingRetention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrackingRetention.class);
  private static final int PAGE = 1_000;

  private final TrackingStore store;
  private final Clock clock;
  private final Map<OperationStatus, Duration> ages;
  private final ClockedLoop loop;

  private TrackingRetention(Builder builder) {
    this.store = builder.store;
    this.clock = builder.clock;
    this.ages = Map.copyOf(builder.ages);
    this.loop = builder.period == null ? null
        : new ClockedLoop("operon-tracking-retention", clock, builder.period, 0.1, this::trimNow);
  }

  public static Builder builder(TrackingStore store) {
    return new Builder(store);
  }

  /** Trims now, on the calling thread; returns how many operations it deleted. */
  public synchronized int trimNow() {
    int deleted = 0;
    for (Map.Entry<OperationStatus, Duration> age : ages.entrySet()) {
      int page;
      do {
        page = store.trimFinished(age.getKey(), clock.instant().minus(age.getValue()), PAGE);
        deleted += page;
      } while (page == PAGE);
    }
    if (deleted > 0) {
      LOG.info("Trimmed {} finished tracked operations", deleted);
    }
    return deleted;
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
  }

  public static final class Builder {
    private final TrackingStore store;
    private final Map<OperationStatus, Duration> ages = new EnumMap<>(OperationStatus.class);
    private Clock clock = Clock.systemUTC();
    private Duration period = Duration.ofHours(1);

    private Builder(TrackingStore store) {
      this.store = Objects.requireNonNull(store, "store");
      ages.put(OperationStatus.SUCCEEDED, Duration.ofDays(7));
      ages.put(OperationStatus.CANCELED, Duration.ofDays(7));
      ages.put(OperationStatus.FAILED, Duration.ofDays(30));
    }

    /** Keeps operations that ended with {@code status} (SUCCEEDED, FAILED or CANCELED) for {@code age}. */
    public Builder keep(OperationStatus status, Duration age) {
      Objects.requireNonNull(status, "status");
      if (!status.terminal()) {
        throw OperonException.invalid("Only finished operations are trimmed; " + status + " is not a final status");
      }
      if (age == null || age.isNegative() || age.isZero()) {
        throw OperonException.invalid("The age to keep " + status + " operations must be positive, was " + age);
      }
      ages.put(status, age);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often it trims (hourly by default); null for no loop, only {@link #trimNow()}. */
    public Builder period(Duration period) {
      if (period != null && (period.isNegative() || period.isZero())) {
        throw OperonException.invalid("The retention period must be positive, was " + period);
      }
      this.period = period;
      return this;
    }

    public TrackingRetention start() {
      return new TrackingRetention(this);
    }
  }
}
