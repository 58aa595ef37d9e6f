package dev.operon.saga;

/**
 * What an activity knows about the execution it runs in.
 *
 * @param sagaId the saga the step belongs to
 * @param activityId the step's id within the saga (stable across retries)
 * @param activityType the activity's type id
 * @param attempt which try this is, 1 for the first
 */
public record ActivityContext(String sagaId, String activityId, String activityType, int attempt) {

  /**
   * A key that is the same for every attempt and every redelivery of this step, and different for
   * every other step: pass it to the system the activity calls so that a repeated call has no
   * second effect.
   */
  public String idempotencyKey() {
    return sagaId + "/" + activityId;
  }
}
