package dev.operon.saga.internal.watchdog;

import dev.operon.saga.WatchdogFinding;
import dev.operon.saga.WatchdogFinding.Detector;
import dev.operon.saga.WatchdogFinding.Level;
import dev.operon.saga.WatchdogSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A saga stalls when it should be moving and is not: it waits on no timer due later (no sleep,
 * signal wait, retry backoff or running activity within its timeout) and on no unfinished child,
 * yet has recorded nothing since its last event or since its last due timer. DEGRADED after
 * {@code degradedAfter}; STALLED after {@code stalledAfter}, when its workflow timeout is forced.
 */
final class StallDetector {
  private final WatchdogSettings settings;

  StallDetector(WatchdogSettings settings) {
    this.settings = settings;
  }

  /**
   * The finding for {@code saga} at {@code now}, if it is stalling; time before
   * {@code workersRunningSince} (workers down or paused) does not count.
   */
  Optional<WatchdogFinding> check(WatchedSaga saga, boolean waitsOnChild, Instant workersRunningSince, Instant now) {
    if (waitsOnChild || saga.waitsOnLaterTimer(now)) {
      return Optional.empty();
    }
    Instant expected = saga.expectedProgress();
    Instant since = expected.isAfter(workersRunningSince) ? expected : workersRunningSince;
    Duration quiet = Duration.between(since, now);
    Level level = quiet.compareTo(settings.stalledAfter()) >= 0 ? Level.STALLED
        : quiet.compareTo(settings.degradedAfter()) >= 0 ? Level.DEGRADED : null;
    if (level == null) {
      return Optional.empty();
    }
    return Optional.of(new WatchdogFinding(Optional.of(saga.sagaId()), Detector.STALL, level, since,
        "Saga " + saga.sagaId() + " (" + saga.history().workflowType() + ", " + saga.history().state()
            + ") has made no progress for " + quiet.toSeconds() + " s and waits on nothing due later"));
  }
}
