package dev.operon.server.orders;

import dev.operon.error.OperonException;
import java.time.Duration;
import java.util.List;

/**
 * The engines that run a demo run's sagas and the crashes the run inflicts on them; validated on
 * construction.
 *
 * @param processes worker processes to start (0: the demo's own process runs the sagas)
 * @param attemptLease the attempt lease of the engines that run activities
 * @param killOneAfter when, after the first start, to SIGKILL one worker process for good; null for never
 * @param killAllAt when, after the first start, to SIGKILL every worker process and start as many
 *     fresh ones; empty for never
 */
public record WorkerPlan(int processes, Duration attemptLease, Duration killOneAfter, List<Duration> killAllAt) {
  /** The most worker processes one run starts. */
  public static final int MAX_PROCESSES = 16;

  /** The engine's shortest lease. */
  private static final Duration MIN_LEASE = Duration.ofSeconds(1);

  public WorkerPlan {
    if (processes < 0 || processes > MAX_PROCESSES) {
      throw OperonException.invalid("--workers must be between 0 and " + MAX_PROCESSES + ", was " + processes);
    }
    if (attemptLease == null || attemptLease.compareTo(MIN_LEASE) < 0) {
      throw OperonException.invalid("--attempt-lease must be at least 1s, was " + attemptLease);
    }
    killAllAt = killAllAt == null ? List.of() : List.copyOf(killAllAt);
    if (killOneAfter != null) {
      if (!killOneAfter.isPositive()) {
        throw OperonException.invalid("--kill-worker-after must be a positive duration such as 2s, was "
            + killOneAfter);
      }
      if (processes < 2) {
        throw OperonException.invalid("--kill-worker-after needs --workers 2 or more (one must survive to"
            + " finish the sagas), was --workers " + processes);
      }
    }
    if (!killAllAt.isEmpty()) {
      requireKillPoints(processes, killOneAfter, killAllAt);
    }
  }

  private static void requireKillPoints(int processes, Duration killOneAfter, List<Duration> points) {
    if (killOneAfter != null) {
      throw OperonException.invalid("--kill-all-workers-at and --kill-worker-after cannot be combined: the"
          + " first kills every worker and starts fresh ones, the second kills one for good");
    }
    if (processes < 1) {
      throw OperonException.invalid("--kill-all-workers-at needs --workers 1 or more, was --workers " + processes);
    }
    Duration previous = Duration.ZERO;
    for (Duration point : points) {
      if (!point.isPositive()) {
        throw OperonException.invalid("--kill-all-workers-at takes positive durations such as 1s,3s, was "
            + point + " in " + points);
      }
      if (point.compareTo(previous) <= 0) {
        throw OperonException.invalid("--kill-all-workers-at takes increasing durations such as 1s,3s, was "
            + points);
      }
      previous = point;
    }
  }

  /** Whether the run kills workers. */
  public boolean kills() {
    return killOneAfter != null || !killAllAt.isEmpty();
  }

  /** When the kills happen, after the first start: the one kill, or each kill of every worker. */
  public List<Duration> killPoints() {
    return killOneAfter != null ? List.of(killOneAfter) : killAllAt;
  }

  /** The last kill's time after the first start; zero if there is none. */
  public Duration lastKill() {
    List<Duration> points = killPoints();
    return points.isEmpty() ? Duration.ZERO : points.getLast();
  }
}
