package dev.operon.saga;

import java.util.Objects;
import java.util.Optional;

/**
 * One compensation of a saga's rollback, as {@link SagaDescription#compensations()} and
 * {@link CompensationFailedException} report it: a run of a compensation activity (a compensation
 * retried with {@link SagaEngine#retryCompensation(String)} runs again under a new activity id, so
 * it has one record per run), or a compensation that has not run yet.
 *
 * @param activityId the compensation's activity id within the saga (for an owed one, the id it
 *     will run under)
 * @param compensationType the compensation activity's type id
 * @param stepId the activity id of the completed step it undoes
 * @param status whether it completed, failed, is running or is still owed
 * @param attempts the attempts recorded for this run (0 for an owed one)
 * @param failure the error of its last attempt, if it failed for good
 */
public record CompensationRecord(
    String activityId,
    String compensationType,
    String stepId,
    Status status,
    int attempts,
    Optional<SagaFailure> failure) {

  /** Where one compensation is. */
  public enum Status {
    /** It ran and succeeded: its step is undone. */
    COMPLETED,
    /** It failed for good, after its retries: its step is not undone. */
    FAILED,
    /** It is scheduled (or waits for a retry of a failed attempt) and has no final result yet. */
    RUNNING,
    /** It has not run in this rollback: the rollback stopped before it, or has not got there yet. */
    OWED
  }

  public CompensationRecord {
    Objects.requireNonNull(activityId, "activityId");
    Objects.requireNonNull(compensationType, "compensationType");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(failure, "failure");
  }

  /** Whether it ran to a final result (completed or failed). */
  public boolean ran() {
    return status == Status.COMPLETED || status == Status.FAILED;
  }

  @Override
  public String toString() {
    return "'" + compensationType + "' of step " + stepId + " (" + activityId + "): " + status
        + failure.map(f -> " after " + attempts + (attempts == 1 ? " attempt, " : " attempts, ") + f).orElse("");
  }
}
