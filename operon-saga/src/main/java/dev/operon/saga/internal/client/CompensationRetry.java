package dev.operon.saga.internal.client;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.ContinuedRuns;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.Rollback;
import dev.operon.saga.internal.history.SagaHistory;
import java.util.List;

/**
 * Runs a failed rollback again on an operator's request: appends a CompensationStarted whose plan
 * holds the compensations the last round did not complete (the failed ones, and with
 * {@link dev.operon.saga.CompensationFailurePolicy#STOP} those after them), each under a new
 * activity id and with fresh attempts, newest step first as before, and wakes the saga. The append
 * moves the saga Failed -> Compensating (table 7.2, "Has compensations"); from there it goes on as
 * any rollback does. The append carries the expected last id and is retried on a conflict, so of
 * two concurrent retries one wins and the other finds the saga compensating.
 */
public final class CompensationRetry {
  /** The reason recorded in the CompensationStarted of a retry. */
  static final String REASON = "compensation retried on request";

  private final SagaRuntime runtime;
  private final SagaClient client;
  private final EventFactory events;

  public CompensationRetry(SagaRuntime runtime, SagaClient client) {
    this.runtime = runtime;
    this.client = client;
    this.events = runtime.events();
  }

  /**
   * Starts the compensations of saga {@code sagaId} (the newest run of its chain) again.
   *
   * @throws OperonException of kind VALIDATION, with nothing appended, if there is no such saga or
   *     its rollback did not fail
   */
  public void retry(String sagaId) {
    runtime.appendRetrying(sagaId, "retrying its compensations", () -> {
      // each try checks the saga again: another writer may have appended first
      SagaHistory history = ContinuedRuns.latest(runtime, client.existing(sagaId));
      requireFailedRollback(history);
      HistoryEvent started = events.compensationStarted(history.sagaId(), Rollback.of(history).retryPlan(),
          runtime.compensationFailure(), REASON);
      return runtime.transition(() -> {
        SagaHistory after = runtime.record(history, List.of(started));
        runtime.wake(history.sagaId(), after.lastEventId());
        return after;
      });
    });
  }

  private static void requireFailedRollback(SagaHistory history) {
    if (history.compensationFailed()) {
      return;
    }
    throw OperonException.of(ErrorKind.VALIDATION, "Cannot retry the compensations of saga " + history.sagaId()
            + " (" + history.workflowType() + "): " + why(history)
            + "; only a saga whose rollback failed (Failed after CompensationFailed) has compensations to retry")
        .id(OperonException.Ids.SAGA, history.sagaId()).retryable(false).build();
  }

  private static String why(SagaHistory history) {
    return switch (history.state()) {
      case RUNNING, PAUSED -> "it is " + history.state() + ", not rolled back (cancel starts its rollback)";
      case COMPENSATING -> "its rollback is running";
      case COMPLETED -> "it completed";
      case CANCELLED -> "it is Cancelled: its rollback, if it had one, completed";
      case FAILED -> history.compensationStarts().isEmpty() ? "it failed with nothing to roll back"
          : "its rollback was stopped (terminated), not failed by a compensation";
    };
  }
}
