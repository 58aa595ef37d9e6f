package dev.operon.saga.internal.watchdog;

import dev.operon.eventstore.EventStore;
import dev.operon.saga.CircuitState;
import dev.operon.saga.WatchdogFinding;
import dev.operon.saga.WatchdogFinding.Detector;
import dev.operon.saga.WatchdogFinding.Level;
import dev.operon.saga.internal.SagaRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pings the ports with a cheap read each (the event store's current id of a stream, the workflow
 * queue's stats, the timer store's next due time); a ping that throws or takes longer than
 * {@value #SLOW_PING_SECONDS} s fails. Every round is recorded on the {@link CircuitBreaker}.
 */
final class HealthDetector {
  static final long SLOW_PING_SECONDS = 5;
  private static final String PROBE_STREAM = "saga/health";

  private final SagaRuntime runtime;
  private final EventStore store;
  private final CircuitBreaker breaker;

  HealthDetector(SagaRuntime runtime, EventStore store, CircuitBreaker breaker) {
    this.runtime = runtime;
    this.store = store;
    this.breaker = breaker;
  }

  /** Pings every port at {@code now}, updates the breaker, and returns a finding per failed ping. */
  List<WatchdogFinding> check(Instant now) {
    List<String> failures = new ArrayList<>();
    ping("event store", () -> store.currentId(PROBE_STREAM), failures);
    ping("task queue", () -> runtime.queue().stats(runtime.workflowQueue()), failures);
    ping("timer store", () -> runtime.timers().nextDue(), failures);
    if (failures.isEmpty()) {
      breaker.passed();
      return List.of();
    }
    CircuitState state = breaker.failed(now);
    Instant since = breaker.failingSince();
    return failures.stream().map(f -> new WatchdogFinding(Optional.empty(), Detector.HEALTH, Level.UNHEALTHY, since,
        f + "; circuit breaker " + state + (state == CircuitState.OPEN ? ": worker loops paused" : ""))).toList();
  }

  private static void ping(String port, Runnable read, List<String> failures) {
    long start = System.nanoTime();
    try {
      read.run();
    } catch (RuntimeException e) {
      failures.add(port + " failed its health check: " + e);
      return;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (took.toSeconds() >= SLOW_PING_SECONDS) {
      failures.add(port + " answered its health check in " + took.toMillis() + " ms (limit " + SLOW_PING_SECONDS + " s)");
    }
  }
}
