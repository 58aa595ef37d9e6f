package dev.operon.saga;

/**
 * How sagas show up as tracked operations when the engine is given a tracker
 * ({@link SagaEngineBuilder#tracking}): names and ids, for watchers and dashboards.
 */
public final class SagaOperations {
  /** The prefix of a saga's own operation: {@code Saga.<WorkflowType>}, under the saga's id. */
  public static final String SAGA_PREFIX = "Saga.";
  /** The prefix of a step's operation: {@code Activity.<ActivityType>}, a child of its saga's. */
  public static final String STEP_PREFIX = "Activity.";

  private SagaOperations() {}

  /** The id of the tracked operation of step {@code activityId} of saga {@code sagaId}. */
  public static String stepOperationId(String sagaId, String activityId) {
    return sagaId + "/" + activityId;
  }
}
