package dev.operon.saga.internal.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An activity run as a saga step or as a compensation.
 *
 * @param activityId its id within the saga
 * @param activityType the activity's type id
 * @param input its input as JSON
 * @param compensation the compensation's type id, or null
 * @param compensationOf for a compensation: the id of the step it undoes, else null
 * @param retryOf for a compensation run again by an operator: the activity id of its first run,
 *     whose idempotency key it keeps; else null (not written then)
 */
public record ScheduledStep(
    @JsonProperty("activity_id") String activityId,
    @JsonProperty("activity_type") String activityType,
    @JsonProperty("input") JsonNode input,
    @JsonProperty("compensation") String compensation,
    @JsonProperty("compensation_of") String compensationOf,
    @JsonProperty("retry_of") @JsonInclude(JsonInclude.Include.NON_NULL) String retryOf) {

  /** A step or a first run of a compensation. */
  public ScheduledStep(String activityId, String activityType, JsonNode input, String compensation,
      String compensationOf) {
    this(activityId, activityType, input, compensation, compensationOf, null);
  }
}
