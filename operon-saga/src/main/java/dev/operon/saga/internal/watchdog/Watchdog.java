package dev.operon.saga.internal.watchdog;

import dev.operon.eventstore.EventStore;
import dev.operon.saga.CircuitState;
import dev.operon.saga.SagaBlock;
import dev.operon.saga.SagaWatchdog;
import dev.operon.saga.WatchdogFinding;
import dev.operon.saga.WatchdogFinding.Level;
import dev.operon.saga.WatchdogSettings;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.history.SagaHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the four detectors in one round: health first (it drives the circuit breaker), then
 * capacity, then stall and deadlock over every unfinished saga. A stalled saga's owed work is
 * re-driven (never timed out: a saga is not rolled back for the engine's own trouble); a deadlocked
 * circle is stopped. While the breaker is open the saga detectors report but do not act: a broken
 * backend is not the sagas' fault. A finding that
 * is new or worse than in the previous round is logged as a warning. Stall time counts from when
 * this engine's workers last started running (engine start, circuit breaker closed) at the
 * earliest, so a restart after downtime does not time out every saga that waited through it.
 */
public final class Watchdog implements SagaWatchdog {
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private final SagaRuntime runtime;
  private final SagaCatalog catalog;
  private final CircuitBreaker breaker;
  private final HealthDetector health;
  private final CapacityDetector capacity;
  private final StallDetector stalls;
  private final DeadlockDetector deadlocks;
  private final SagaInterventions interventions;
  private final Predicate<String> redrive;
  private volatile List<WatchdogFinding> findings = List.of();
  private Instant workersRunningSince;

  /** A watchdog whose stall action is {@code redrive} (saga id -> whether there was work to re-drive). */
  public Watchdog(SagaRuntime runtime, SagaCatalog catalog, EventStore store, WatchdogSettings settings,
      Predicate<String> redrive) {
    this.redrive = redrive;
    this.runtime = runtime;
    this.catalog = catalog;
    this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpenFor());
    this.health = new HealthDetector(runtime, store, breaker);
    this.capacity = new CapacityDetector(runtime, settings);
    this.stalls = new StallDetector(settings);
    this.deadlocks = new DeadlockDetector(settings);
    this.interventions = new SagaInterventions(runtime);
    this.workersRunningSince = runtime.clock().instant();
  }

  @Override
  public List<WatchdogFinding> findings() {
    return findings;
  }

  @Override
  public CircuitState circuit() {
    return breaker.state(runtime.clock().instant());
  }

  /** Whether worker loops should pause now (the circuit breaker is open). */
  public boolean paused() {
    return circuit() == CircuitState.OPEN;
  }

  @Override
  public synchronized List<WatchdogFinding> check() {
    Instant now = runtime.clock().instant();
    CircuitState before = breaker.state(now);
    List<WatchdogFinding> found = new ArrayList<>(health.check(now));
    boolean acting = breaker.state(now) != CircuitState.OPEN;
    if (before != CircuitState.CLOSED && breaker.state(now) == CircuitState.CLOSED) {
      workersRunningSince = now;
    }
    if (found.isEmpty()) {
      found.addAll(capacity.check(now));
      found.addAll(sagas(now, acting));
    }
    log(found);
    findings = List.copyOf(found);
    runtime.metrics().findings(findings);
    return findings;
  }

  private List<WatchdogFinding> sagas(Instant now, boolean acting) {
    Map<String, WatchedSaga> unfinished = new LinkedHashMap<>();
    for (String sagaId : catalog.candidateSagaIds()) {
      SagaHistory history = runtime.histories().load(sagaId);
      if (history.exists() && !history.terminal()) {
        unfinished.put(sagaId, WatchedSaga.of(history, runtime.timers().listByOwner(sagaId)));
      }
    }
    Map<String, Set<String>> waits = DeadlockDetector.waits(unfinished);
    List<WatchdogFinding> found = new ArrayList<>();
    for (WatchedSaga saga : unfinished.values()) {
      Optional<SagaBlock> block = saga.history().blocked();
      if (block.isPresent()) {
        found.add(blocked(saga, block.get()));
        continue;
      }
      stalls.check(saga, waits.containsKey(saga.sagaId()), workersRunningSince, now).ifPresent(f -> {
        boolean redriven = acting && f.level() == Level.STALLED && redrive.test(saga.sagaId());
        found.add(redriven ? withNote(f, "; its owed work was re-driven (overdue timers fired, lost tasks"
            + " published again, the saga woken)") : f);
      });
    }
    for (WatchdogFinding f : deadlocks.check(unfinished, waits, now)) {
      boolean stopped = acting && f.level() == Level.DEADLOCKED
          && interventions.stop(f.sagaId().orElseThrow(), "watchdog: " + f.message());
      found.add(stopped ? withNote(f, "; it was stopped and its compensations run") : f);
    }
    return found;
  }

  private static WatchdogFinding blocked(WatchedSaga saga, SagaBlock block) {
    return new WatchdogFinding(Optional.of(saga.sagaId()), WatchdogFinding.Detector.BLOCKED, Level.BLOCKED,
        block.since(), "Saga " + saga.sagaId() + " (" + saga.history().workflowType() + ") is blocked by "
            + block.kind() + " since " + block.since() + ": " + block.message() + ". It stays as it is (not timed"
            + " out, not rolled back) until code that can decide it runs; cancel it to roll it back instead");
  }

  private static WatchdogFinding withNote(WatchdogFinding f, String note) {
    return new WatchdogFinding(f.sagaId(), f.detector(), f.level(), f.since(), f.message() + note);
  }

  private void log(List<WatchdogFinding> found) {
    Set<String> before = new HashSet<>();
    findings.forEach(f -> before.add(key(f)));
    for (WatchdogFinding f : found) {
      if (!before.contains(key(f))) {
        LOG.warn("Watchdog {} {}: {}", f.detector(), f.level(), f.message());
      }
    }
  }

  private static String key(WatchdogFinding f) {
    return f.detector() + "/" + f.level() + "/" + f.sagaId().orElse("") + "/" + f.since();
  }
}
