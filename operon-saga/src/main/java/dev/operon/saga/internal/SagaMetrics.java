package dev.operon.saga.internal;

import dev.operon.saga.WatchdogFinding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's meters, tagged with the engine's id: what its watchdog found in its last round
 * ({@code operon.saga.blocked}, {@code operon.saga.stalled}, {@code operon.saga.degraded}: sagas
 * the engine cannot move, sagas re-driven, sagas slowing down) and how often a worker was lost
 * ({@code operon.saga.attempts.lost}). Every engine's watchdog looks at every saga, so engines
 * report the same sagas: read one engine's gauges, or the maximum, not their sum.
 */
public final class SagaMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final AtomicInteger blocked = new AtomicInteger();
  private final AtomicInteger stalled = new AtomicInteger();
  private final AtomicInteger degraded = new AtomicInteger();
  private final Counter lostAttempts;
  private final List<Meter> meters;

  public SagaMetrics(MeterRegistry registry, String engineId) {
    this.registry = registry;
    this.lostAttempts = Counter.builder("operon.saga.attempts.lost").tag("engine", engineId)
        .description("Activity attempts recorded as lost because their worker stopped renewing their lease")
        .register(registry);
    this.meters = List.of(
        gauge("operon.saga.blocked", blocked, engineId,
            "Sagas blocked by non-determinism or an activity not registered, as of the last watchdog round"),
        gauge("operon.saga.stalled", stalled, engineId,
            "Sagas without progress past the stalled threshold, re-driven, as of the last watchdog round"),
        gauge("operon.saga.degraded", degraded, engineId,
            "Sagas without progress past the degraded threshold, as of the last watchdog round"),
        lostAttempts);
  }

  /** Meters no one reads (tests, and engines built without a registry in tests). */
  public static SagaMetrics none() {
    return new SagaMetrics(new SimpleMeterRegistry(), "none");
  }

  private Meter gauge(String name, AtomicInteger value, String engineId, String description) {
    return Gauge.builder(name, value, AtomicInteger::get).tag("engine", engineId).description(description)
        .register(registry);
  }

  /** Sets the gauges from a watchdog round's findings. */
  public void findings(List<WatchdogFinding> found) {
    blocked.set(count(found, WatchdogFinding.Level.BLOCKED));
    stalled.set(count(found, WatchdogFinding.Level.STALLED));
    degraded.set(count(found, WatchdogFinding.Level.DEGRADED));
  }

  private static int count(List<WatchdogFinding> found, WatchdogFinding.Level level) {
    return (int) found.stream().filter(f -> f.level() == level).count();
  }

  /** Counts an attempt recorded as lost with its worker. */
  public void attemptLost() {
    lostAttempts.increment();
  }

  /** Removes the meters from the registry. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
