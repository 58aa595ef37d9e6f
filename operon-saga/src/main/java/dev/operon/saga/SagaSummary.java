package dev.operon.saga;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One saga as the engine's visibility index knows it (see {@link SagaEngine#list}).
 *
 * @param sagaId its id
 * @param workflowType the workflow it runs
 * @param state its state per the saga state table
 * @param startedAt when it started (the engine's clock)
 * @param closedAt when it finished, if it has (a saga whose failed rollback is retried is open
 *     again until it ends again, then closed at that time)
 * @param searchAttributes its search attributes, by name
 * @param lastProgressAt the time of its newest event: when it last moved
 * @param lastEventId the id of its newest event the index has seen
 * @param blocked why the engine cannot move it, if it is blocked (see {@link SagaBlock})
 */
public record SagaSummary(
    String sagaId,
    String workflowType,
    SagaState state,
    Instant startedAt,
    Optional<Instant> closedAt,
    Map<String, Object> searchAttributes,
    Instant lastProgressAt,
    long lastEventId,
    Optional<SagaBlock> blocked) {

  /** Whether the saga has finished (see {@link SagaDescription#terminal()}). */
  public boolean terminal() {
    return state.terminal(false);
  }
}
