package dev.operon.saga.internal.replay;

import dev.operon.saga.internal.worker.ActivityTaskMessage;
import dev.operon.timer.NewTimer;
import java.time.Duration;

/** Work to do on the queue or timer ports once the events that call for it are appended. */
public sealed interface Effect {
  /**
   * Publish an activity task after {@code delay}, with a durable timeout timer {@code timeout}
   * after that, which records a timed-out attempt if the task or its worker is lost.
   */
  record RunActivity(ActivityTaskMessage task, Duration delay, Duration timeout) implements Effect {}

  /**
   * Run activity attempt {@code task} after a retry backoff of {@code delay}: a durable
   * RETRY_BACKOFF timer publishes it when due, so a queue that loses work cannot lose the retry.
   * A zero delay publishes at once.
   */
  record RetryActivity(ActivityTaskMessage task, Duration delay, Duration timeout) implements Effect {}

  /** Create a durable timer. */
  record StartTimer(NewTimer timer) implements Effect {}

  /** Cancel a pending timer (no-op if it already fired). */
  record StopTimer(String timerId) implements Effect {}

  /** Start the child saga that step {@code activityId} of saga {@code parentSagaId} initiated. */
  record StartChild(String parentSagaId, String activityId) implements Effect {}

  /** Apply parent-close policy {@code policy} to child saga {@code childSagaId} of {@code parentSagaId}. */
  record ApplyParentClose(String parentSagaId, String childSagaId, String policy) implements Effect {}

  /** Start the run that saga {@code sagaId} continued as. */
  record StartNextRun(String sagaId) implements Effect {}
}
