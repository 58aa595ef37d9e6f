package dev.operon.saga.internal;

import dev.operon.queue.TaskQueue;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.WatchdogFinding;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.observe.SagaObserver;
import dev.operon.tracking.OperationTracker;
import dev.operon.tracking.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's meters, tagged with the engine's id: what its watchdog found in its last round
 * ({@code operon.saga.blocked}, {@code operon.saga.stalled}, {@code operon.saga.degraded}: sagas
 * the engine cannot move, sagas re-driven, sagas slowing down) and how often a worker was lost
 * ({@code operon.saga.attempts.lost}). Every engine's watchdog looks at every saga, so engines
 * report the same sagas: read one engine's gauges, or the maximum, not their sum.
 *
 * <p>And what the engine did, counted once its appends commit: {@code operon.sagas} tagged
 * {@code workflow} and {@code event} (started; compensated: a rollback began; completed, failed,
 * canceled: the saga's final state), {@code operon.activity.duration} (a timer per activity type and outcome),
 * {@code operon.saga.replay.duration} (replaying a history to decide), and per queue
 * {@code operon.queue.depth} and {@code operon.queue.oldest.age} (seconds), read when scraped.
 */
public final class SagaMetrics implements AutoCloseable, SagaObserver {
  private final MeterRegistry registry;
  private final AtomicInteger blocked = new AtomicInteger();
  private final AtomicInteger stalled = new AtomicInteger();
  private final AtomicInteger degraded = new AtomicInteger();
  private final Counter lostAttempts;
  private final List<Meter> meters;
  private final List<Meter> queueMeters = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final String engineId;
  private final Telemetry telemetry;
  private final OperationTracker tracker;
  private final Timer replay;

  public SagaMetrics(MeterRegistry registry, String engineId) {
    this(Telemetry.of(registry, io.opentelemetry.api.OpenTelemetry.noop()), null, engineId);
  }

  /**
   * Meters to {@code telemetry}'s registry, spans through its tracer, and steps' heartbeats to
   * {@code tracker} (null: the engine's sagas are not tracked).
   */
  public SagaMetrics(Telemetry telemetry, OperationTracker tracker, String engineId) {
    this.telemetry = telemetry;
    this.tracker = tracker;
    MeterRegistry registry = telemetry.meters();
    this.registry = registry;
    this.engineId = engineId;
    this.replay = Timer.builder("operon.saga.replay.duration").tag("engine", engineId)
        .description("Time to replay a saga's history to decide its next step").register(registry);
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
    return new SagaMetrics(Telemetry.none(), null, "none");
  }

  /** Where spans go. */
  public Telemetry telemetry() {
    return telemetry;
  }

  /** The tracker of the engine's sagas, if they are tracked. */
  public java.util.Optional<OperationTracker> tracker() {
    return java.util.Optional.ofNullable(tracker);
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

  /**
   * Counts what a committed append recorded: sagas started, rollbacks begun (compensated), and
   * sagas that ended, by their final state (completed, failed, canceled: a saga rolled back after a
   * failure ends canceled, as its state says).
   */
  @Override
  public void committed(SagaHistory before, SagaHistory after) {
    List<HistoryEvent> events = after.events();
    for (int i = before.events().size(); i < events.size(); i++) {
      switch (events.get(i).eventType()) {
        case WORKFLOW_EXECUTION_STARTED -> count(after, "started");
        case COMPENSATION_STARTED -> count(after, "compensated");
        default -> { }
      }
    }
    if (!before.terminal() && after.terminal()) {
      count(after, switch (after.state()) {
        case COMPLETED -> "completed";
        case CANCELLED -> "canceled";
        default -> "failed";
      });
    }
  }

  private void count(SagaHistory saga, String event) {
    Counter.builder("operon.sagas").tag("workflow", saga.workflowType()).tag("event", event)
        .description("Sagas started, rollbacks begun (compensated), sagas ended (completed, failed, canceled)")
        .register(registry).increment();
  }

  /** Records one activity attempt's run time and outcome (succeeded, failed, timed_out). */
  public void activity(String activityType, String outcome, long nanos) {
    Timer.builder("operon.activity.duration").tag("activity", activityType).tag("outcome", outcome)
        .description("Run time of activity attempts").register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records the time one replay took. */
  public void replayed(long nanos) {
    replay.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Gauges of {@code queue} on {@code tasks}: its depth and the age of its oldest task, read when scraped. */
  public void watchQueue(TaskQueue tasks, String queue) {
    queueMeters.add(Gauge.builder("operon.queue.depth", () -> tasks.stats(queue).depth()).tag("queue", queue)
        .tag("engine", engineId).description("Tasks waiting in the queue").register(registry));
    queueMeters.add(Gauge.builder("operon.queue.oldest.age",
            () -> tasks.stats(queue).oldestAge().map(age -> age.toNanos() / 1e9).orElse(0.0))
        .tag("queue", queue).tag("engine", engineId).baseUnit("seconds")
        .description("Age of the oldest task waiting in the queue").register(registry));
  }

  /** Removes the meters from the registry. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    queueMeters.forEach(registry::remove);
    registry.remove(replay);
  }
}
