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
 */
public record SagaDescription(
    String sagaId,
    String workflowType,
    SagaState state,
    List<HistoryEvent> history,
    List<String> pendingSteps,
    List<String> plannedCompensations,
    Optional<SagaFailure> failure,
    Map<String, Object> searchAttributes) {

  /** Whether the saga is finished for good. */
  public boolean terminal() {
    return state.terminal(false);
  }
}
