package dev.operon.saga;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the watchdog found in its last round.
 *
 * @param sagaId the saga it concerns, empty for a finding about the engine (health, capacity)
 * @param detector which detector found it
 * @param level how bad it is
 * @param since when the condition began (the saga's last progress, the first failed check, ...)
 * @param message what was found, with the numbers, and what the watchdog did about it
 */
public record WatchdogFinding(Optional<String> sagaId, Detector detector, Level level, Instant since, String message) {
  public WatchdogFinding {
    Objects.requireNonNull(sagaId, "sagaId");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(message, "message");
  }

  /** The watchdog's detectors. */
  public enum Detector {
    /** Sagas that should be moving and are not. */
    STALL,
    /** Sagas the engine cannot move: non-determinism, or an activity not registered (see {@link SagaBlock}). */
    BLOCKED,
    /** Sagas waiting on each other in a circle (parent and child workflows). */
    DEADLOCK,
    /** The ports: event store, task queue, timer store. */
    HEALTH,
    /** Queue backlogs. */
    CAPACITY
  }

  /** How bad a finding is; each detector uses two of these. */
  public enum Level {
    /** Stall: no progress for the degraded threshold (default 30 s). Reported only. */
    DEGRADED,
    /**
     * Stall: no progress for the stalled threshold (default 60 s); the work the engine owes the saga
     * is re-driven (overdue timers fired, lost tasks published again, the saga woken). Never timed out.
     */
    STALLED,
    /** Blocked: parked until code that can decide the saga runs; never timed out or rolled back for it. */
    BLOCKED,
    /** Deadlock: a circular wait stuck for the warning threshold (default 120 s). Reported only. */
    WARNING,
    /** Deadlock: a circular wait stuck for the deadlock threshold (default 300 s); the sagas are stopped and compensated. */
    DEADLOCKED,
    /** Health: a port failed or answered too slowly. */
    UNHEALTHY,
    /** Capacity: a queue holds too many tasks or too old ones. Reported only. */
    BACKLOG
  }
}
