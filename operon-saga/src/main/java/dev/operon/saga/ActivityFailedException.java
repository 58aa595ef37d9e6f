package dev.operon.saga;

import dev.operon.error.OperonException;
import java.util.Map;

/**
 * Thrown into workflow code when a step's activity failed for good. Left uncaught, it fails the
 * saga, which then runs the compensations of the steps completed so far.
 */
public final class ActivityFailedException extends OperonException {
  private static final long serialVersionUID = 1L;

  private final transient SagaFailure failure;

  /** The failure of activity {@code activityType} (step {@code activityId}) of saga {@code sagaId}. */
  public ActivityFailedException(String sagaId, String activityId, String activityType, SagaFailure failure) {
    super(failure.kind(),
        "Activity '" + activityType + "' (step " + activityId + ") of saga " + sagaId + " failed: "
            + failure.message(),
        null, Map.of(Ids.SAGA, sagaId, "activity", activityId), false);
    this.failure = failure;
  }

  /** The recorded failure. */
  public SagaFailure failure() {
    return failure;
  }
}
