package dev.operon.saga.internal;

import dev.operon.error.ConflictException;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.timer.NewTimer;
import dev.operon.timer.TimerType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Starts a saga run from its WorkflowExecutionStarted event: appends it, sets its workflow timeout, wakes it. */
final class RunStarter {
  private RunStarter() {}

  /**
   * Starts the run {@code started} describes; returns false (and changes nothing) if a saga with its
   * id already exists.
   */
  static boolean start(SagaRuntime runtime, HistoryEvent started) {
    String sagaId = started.sagaId();
    long last;
    try {
      last = runtime.histories().append(new SagaHistory(sagaId, List.of()), List.of(started));
    } catch (ConflictException e) {
      return false;
    }
    Optional.ofNullable(started.text(Attr.TIMEOUT_AT)).map(Instant::parse).ifPresent(at -> runtime.timers().create(
        new NewTimer(SagaHistory.workflowTimerId(sagaId), sagaId, TimerType.WORKFLOW_TIMEOUT, at, new byte[0])));
    runtime.wake(sagaId, last);
    return true;
  }

  /** When a run of {@code workflowType} started now times out, or null if the workflow has no timeout. */
  static Instant timeoutAt(SagaRuntime runtime, String workflowType) {
    return runtime.workflows().require(workflowType).timeout().map(runtime.clock().instant()::plus).orElse(null);
  }
}
