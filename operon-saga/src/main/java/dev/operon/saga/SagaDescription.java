package dev.operon.saga;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a saga is doing and has done.
 *
 * @param sagaId its id
 * @param workflowType the workflow it runs
 * @param state its state per the saga state table
 * @param history every event so far, oldest first
 * @param pendingSteps ids of activities scheduled and not finished
 * @param plannedCompensations type ids of the compensations still to run, in order: for a running
 *     or paused saga, what a rollback now would run; while compensating, those without a result
 *     yet; after a failed rollback, what {@link SagaEngine#retryCompensation(String)} would run
 *     (the failed ones and those owed); otherwise none
 * @param failure why it failed or was cancelled (kept after a rollback, successful or not), if it
 *     did; a failed compensation's own error is in {@code compensations}
 * @param searchAttributes the search attributes the workflow upserted, by name
 * @param blocked why the engine cannot move it, if it is blocked (non-determinism, an activity not
 *     registered): it stays as it is, neither timed out nor rolled back, until code that can
 *     decide it runs
 * @param compensations the saga's rollback, if one started: every compensation that ran, with its
 *     outcome, in the order they ran (a retried compensation once per run), then those still owed;
 *     kept once the saga has finished
 */
public record SagaDescription(
    String sagaId,
    String workflowType,
    SagaState state,
    List<HistoryEvent> history,
    List<String> pendingSteps,
    List<String> plannedCompensations,
    Optional<SagaFailure> failure,
    Map<String, Object> searchAttributes,
    Optional<SagaBlock> blocked,
    List<CompensationRecord> compensations) {

  /**
   * The code version the saga was started on ({@link SagaEngineBuilder#codeVersion(String)} of the
   * engine that started it), empty if that engine set none.
   */
  public Optional<String> codeVersion() {
    return history.isEmpty() ? Optional.empty()
        : Optional.ofNullable(history.get(0).text("code_version"));
  }

  /**
   * Whether the saga has finished. A saga whose rollback failed has finished too, until
   * {@link SagaEngine#retryCompensation(String)} runs its compensations again.
   */
  public boolean terminal() {
    return state.terminal(false);
  }

  /** Whether its rollback failed: it is Failed with compensations that failed for good. */
  public boolean compensationFailed() {
    return state == SagaState.FAILED && CompensationFailedException.owed(compensations).stream()
        .anyMatch(c -> c.status() == CompensationRecord.Status.FAILED);
  }
}
