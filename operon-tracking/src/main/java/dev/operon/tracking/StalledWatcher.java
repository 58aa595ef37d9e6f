package dev.operon.tracking;

import dev.operon.error.OperonException;
import dev.operon.runtime.ClockedLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks stalled operations by itself: every period of its clock (±10%) it asks the store for the
 * operations of each name whose last update is older than that name's threshold (the default
 * threshold for names without one; measured on the store's clock), marks them STALLED and hands each
 * one it marked to its listener (to alert, or to recover what can be recovered). An operation that
 * reports progress again returns to RUNNING by itself.
 */
public final class StalledWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StalledWatcher.class);

  private final Tracking tracking;
  private final Duration defaultThreshold;
  private final Map<String, Duration> thresholds;
  private final Consumer<TrackedOperation> onStalled;
  private final List<String> ignored;
  private final ClockedLoop loop;

  private StalledWatcher(Builder builder) {
    this.tracking = builder.tracking;
    this.defaultThreshold = builder.defaultThreshold;
    this.thresholds = Map.copyOf(builder.thresholds);
    this.onStalled = builder.onStalled;
    this.ignored = List.copyOf(builder.ignored);
    this.loop = new ClockedLoop("operon-stalled-watcher", builder.clock, builder.period, 0.1, this::round);
  }

  public static Builder builder(Tracking tracking) {
    return new Builder(tracking);
  }

  /** Looks for stalled operations now, on the calling thread; returns the ones it marked. */
  public synchronized List<TrackedOperation> checkNow() {
    List<TrackedOperation> marked = new ArrayList<>();
    thresholds.forEach((name, threshold) -> {
      for (TrackedOperation operation : tracking.findStalled(threshold)) {
        if (operation.name().equals(name)) {
          mark(operation, marked);
        }
      }
    });
    for (TrackedOperation operation : tracking.findStalled(defaultThreshold)) {
      if (!thresholds.containsKey(operation.name()) && ignored.stream().noneMatch(operation.name()::startsWith)) {
        mark(operation, marked);
      }
    }
    return marked;
  }

  private void mark(TrackedOperation operation, List<TrackedOperation> marked) {
    if (tracking.markStalled(operation.id())) {
      TrackedOperation stalled = tracking.snapshot(operation.id()).orElse(operation);
      marked.add(stalled);
      try {
        onStalled.accept(stalled);
      } catch (RuntimeException e) {
        LOG.warn("The listener of stalled operation {} ({}) failed: {}", operation.id(), operation.name(),
            e.toString());
      }
    }
  }

  private void round() {
    checkNow();
  }

  @Override
  public void close() {
    loop.close();
  }

  public static final class Builder {
    private final Tracking tracking;
    private Duration defaultThreshold = Duration.ofMinutes(30);
    private final Map<String, Duration> thresholds = new LinkedHashMap<>();
    private Consumer<TrackedOperation> onStalled = operation -> { };
    private final List<String> ignored = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration period = Duration.ofMinutes(1);

    private Builder(Tracking tracking) {
      this.tracking = Objects.requireNonNull(tracking, "tracking");
    }

    /** The threshold of names without one of their own (30 minutes by default). */
    public Builder defaultThreshold(Duration threshold) {
      this.defaultThreshold = positive(threshold, "The default stalled threshold");
      return this;
    }

    /** The threshold of operations named {@code name} (e.g. 30 minutes for webhooks, hours for batch jobs). */
    public Builder threshold(String name, Duration threshold) {
      thresholds.put(OperationNames.require(name), positive(threshold, "The stalled threshold of " + name));
      return this;
    }

    /**
     * Leaves operations whose name starts with {@code namePrefix} alone unless a threshold names them
     * (e.g. {@code "Saga."}: a saga waiting a week for a signal is not stalled; its steps are watched).
     */
    public Builder ignore(String namePrefix) {
      if (namePrefix == null || namePrefix.isBlank()) {
        throw OperonException.invalid("A name prefix to ignore must not be blank");
      }
      ignored.add(namePrefix);
      return this;
    }

    /** Called with each operation the watcher marked STALLED. */
    public Builder onStalled(Consumer<TrackedOperation> listener) {
      this.onStalled = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often the watcher looks (1 minute by default). */
    public Builder period(Duration period) {
      this.period = positive(period, "The watcher's period");
      return this;
    }

    public StalledWatcher start() {
      return new StalledWatcher(this);
    }

    private static Duration positive(Duration value, String what) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw OperonException.invalid(what + " must be positive, was " + value);
      }
      return value;
    }
  }
}
