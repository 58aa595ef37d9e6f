package dev.operon.saga;

import dev.operon.error.OperonException;
import java.time.Duration;

/**
 * The watchdog's thresholds; {@link #DEFAULT} holds the defaults.
 *
 * @param interval how often the watchdog runs on the engine's clock (default 30 s; zero: no
 *     background rounds, {@link SagaWatchdog#check()} still runs one)
 * @param degradedAfter a saga without progress this long, waiting on nothing that is due later, is
 *     DEGRADED (default 30 s)
 * @param stalledAfter ... and STALLED after this long (default 60 s): its workflow timeout is forced
 * @param deadlockWarningAfter sagas waiting on each other in a circle, stuck this long: WARNING (120 s)
 * @param deadlockedAfter ... and DEADLOCKED after this long (300 s): they are stopped and compensated
 * @param backlogDepth a queue holding at least this many tasks is a BACKLOG (default 1000)
 * @param backlogAge a queue whose oldest task is at least this old is a BACKLOG (default 60 s)
 * @param breakerFailures health checks failed in a row that open the circuit breaker (default 3)
 * @param breakerOpenFor how long the breaker stays open before it lets a check through (default 30 s)
 */
public record WatchdogSettings(
    Duration interval,
    Duration degradedAfter,
    Duration stalledAfter,
    Duration deadlockWarningAfter,
    Duration deadlockedAfter,
    long backlogDepth,
    Duration backlogAge,
    int breakerFailures,
    Duration breakerOpenFor) {

  /** The defaults: see each parameter. */
  public static final WatchdogSettings DEFAULT = new WatchdogSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
      Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300), 1000, Duration.ofSeconds(60), 3,
      Duration.ofSeconds(30));

  public WatchdogSettings {
    requireNotNegative(interval, "interval");
    requirePositive(degradedAfter, "degradedAfter");
    requirePositive(deadlockWarningAfter, "deadlockWarningAfter");
    requirePositive(backlogAge, "backlogAge");
    requirePositive(breakerOpenFor, "breakerOpenFor");
    if (stalledAfter == null || stalledAfter.compareTo(degradedAfter) < 0) {
      throw OperonException.invalid("watchdog stalledAfter must be >= degradedAfter (" + degradedAfter + "), was "
          + stalledAfter);
    }
    if (deadlockedAfter == null || deadlockedAfter.compareTo(deadlockWarningAfter) < 0) {
      throw OperonException.invalid("watchdog deadlockedAfter must be >= deadlockWarningAfter ("
          + deadlockWarningAfter + "), was " + deadlockedAfter);
    }
    if (backlogDepth < 1) {
      throw OperonException.invalid("watchdog backlogDepth must be >= 1, was " + backlogDepth);
    }
    if (breakerFailures < 1) {
      throw OperonException.invalid("watchdog breakerFailures must be >= 1, was " + breakerFailures);
    }
  }

  /** These settings with another interval (zero: no background rounds). */
  public WatchdogSettings withInterval(Duration value) {
    return new WatchdogSettings(value, degradedAfter, stalledAfter, deadlockWarningAfter, deadlockedAfter,
        backlogDepth, backlogAge, breakerFailures, breakerOpenFor);
  }

  /** These settings with other stall thresholds. */
  public WatchdogSettings withStall(Duration degraded, Duration stalled) {
    return new WatchdogSettings(interval, degraded, stalled, deadlockWarningAfter, deadlockedAfter,
        backlogDepth, backlogAge, breakerFailures, breakerOpenFor);
  }

  /** These settings with other deadlock thresholds. */
  public WatchdogSettings withDeadlock(Duration warning, Duration deadlocked) {
    return new WatchdogSettings(interval, degradedAfter, stalledAfter, warning, deadlocked,
        backlogDepth, backlogAge, breakerFailures, breakerOpenFor);
  }

  /** These settings with other backlog thresholds. */
  public WatchdogSettings withBacklog(long depth, Duration age) {
    return new WatchdogSettings(interval, degradedAfter, stalledAfter, deadlockWarningAfter, deadlockedAfter,
        depth, age, breakerFailures, breakerOpenFor);
  }

  /** These settings with another circuit breaker. */
  public WatchdogSettings withBreaker(int failures, Duration openFor) {
    return new WatchdogSettings(interval, degradedAfter, stalledAfter, deadlockWarningAfter, deadlockedAfter,
        backlogDepth, backlogAge, failures, openFor);
  }

  private static void requireNotNegative(Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw OperonException.invalid("watchdog " + name + " must be zero or positive, was " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || !value.isPositive()) {
      throw OperonException.invalid("watchdog " + name + " must be positive, was " + value);
    }
  }
}
