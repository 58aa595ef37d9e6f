package dev.operon.saga.internal.worker;

import dev.operon.saga.internal.SagaRuntime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The activity attempts this process has kept to run itself. An attempt is claimed when a worker
 * decides to keep it (before its timeout timer is written, right after the append that schedules
 * it), so a task for the same attempt that reaches this process meanwhile (published again by
 * recovery, or delivered twice) does not run the activity a second time. Such a delivery is not
 * dropped: it waits until the claim is released and is looked at again then, since the claimer
 * may release without running the attempt (its append lost to another writer, which published the
 * attempt instead). Other processes do not see these claims.
 */
public final class RunningAttempts {
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();
  private final Map<String, Runnable> waiting = new ConcurrentHashMap<>();

  /** Claims {@code task}; false if this process already runs it. */
  boolean claim(ActivityTaskMessage task) {
    return claimed.add(SagaRuntime.attemptTimerId(task));
  }

  /** Whether this process runs {@code task} now. */
  boolean holds(ActivityTaskMessage task) {
    return claimed.contains(SagaRuntime.attemptTimerId(task));
  }

  /**
   * Runs {@code delivery} (a delivery of {@code task} that came while this process held it) on a
   * virtual thread once the claim is released, or at once if it already was.
   */
  void afterRelease(ActivityTaskMessage task, Runnable delivery) {
    String id = SagaRuntime.attemptTimerId(task);
    waiting.put(id, delivery);
    if (!claimed.contains(id)) {
      startWaiting(id);
    }
  }

  /** Releases {@code task} once it has run or was handed over; a delivery that waited for it runs now. */
  public void release(ActivityTaskMessage task) {
    String id = SagaRuntime.attemptTimerId(task);
    claimed.remove(id);
    startWaiting(id);
  }

  private void startWaiting(String id) {
    Runnable delivery = waiting.remove(id);
    if (delivery != null) {
      Thread.ofVirtual().name("saga-activity-redelivery").start(delivery);
    }
  }
}
