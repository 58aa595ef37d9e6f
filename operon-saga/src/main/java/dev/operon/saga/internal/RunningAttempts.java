package dev.operon.saga.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The activity attempts this process has kept to run itself. An attempt is claimed when a worker
 * decides to keep it (before its timeout timer is written, right after the append that schedules
 * it), so a task for the same attempt that reaches this process meanwhile (published again by
 * recovery, or delivered twice) is dropped instead of running the activity a second time, as it
 * would be deduplicated if the attempt sat in the queue. Other processes do not see these claims.
 */
public final class RunningAttempts {
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();

  /** Claims {@code task}; false if this process already runs it. */
  boolean claim(ActivityTaskMessage task) {
    return claimed.add(SagaRuntime.attemptTimerId(task));
  }

  /** Whether this process runs {@code task} now. */
  boolean holds(ActivityTaskMessage task) {
    return claimed.contains(SagaRuntime.attemptTimerId(task));
  }

  /** Releases {@code task} once it has run or was handed over. */
  void release(ActivityTaskMessage task) {
    claimed.remove(SagaRuntime.attemptTimerId(task));
  }
}
