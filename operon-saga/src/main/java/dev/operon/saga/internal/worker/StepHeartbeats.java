package dev.operon.saga.internal.worker;

import dev.operon.tracking.OperationTracker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An activity's heartbeats as progress of its step's tracked operation, so a long step that
 * heartbeats never looks stalled: at most one write per {@value #EVERY_SECONDS} seconds, however
 * often the activity beats. A failed write is logged and dropped (the next beat tries again).
 */
final class StepHeartbeats {
  static final long EVERY_SECONDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(StepHeartbeats.class);

  private final OperationTracker tracker;
  private final String operationId;
  private final AtomicLong lastNanos = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(EVERY_SECONDS));

  StepHeartbeats(OperationTracker tracker, String operationId) {
    this.tracker = tracker;
    this.operationId = operationId;
  }

  void beat() {
    if (tracker == null) {
      return;
    }
    long now = System.nanoTime();
    long last = lastNanos.get();
    if (now - last < TimeUnit.SECONDS.toNanos(EVERY_SECONDS) || !lastNanos.compareAndSet(last, now)) {
      return;
    }
    try {
      tracker.updateProgress(operationId, null, "heartbeat");
    } catch (RuntimeException e) {
      LOG.debug("Could not report the heartbeat of step {} to tracking: {}", operationId, e.toString());
    }
  }
}
