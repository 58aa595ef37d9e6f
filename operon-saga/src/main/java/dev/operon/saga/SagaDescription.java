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
 * @param plannedCompensations type ids of the compensations a rollback now would run, in order
 * @param failure why it failed or was cancelled (kept after a successful rollback), if it did
 * @param searchAttributes the search attributes the workflow upserted, by name
 * @param blocked why the engine cannot move it, if it is blocked (non-determinism, an activity not
 *     registered): it stays as it is, neither timed out nor rolled back, until code that can
 *     decide it runs
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
    Optional<SagaBlock> blocked) {

  /**
   * The code version the saga was started on ({@link SagaEngineBuilder#codeVersion(String)} of the
   * engine that started it), empty if that engine set none.
   */
  public Optional<String> codeVersion() {
    return history.isEmpty() ? Optional.empty()
        : Optional.ofNullable(history.get(0).text("code_version"));
  }

  /** Whether the saga is finished for good. */
  public boolean terminal() {
    return state.terminal(false);
  }
}
