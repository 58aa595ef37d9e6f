package dev.operon.saga.internal.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The payload of an activity task and of its timeout timer: which step of which saga, which
 * attempt, and when the attempt's timeout ends (null in messages written before attempts had
 * leases: their timer fires at that time).
 */
public record ActivityTaskMessage(
    @JsonProperty("saga_id") String sagaId,
    @JsonProperty("activity_id") String activityId,
    @JsonProperty("attempt") int attempt,
    @JsonProperty("deadline") @JsonInclude(JsonInclude.Include.NON_NULL) Instant deadline) {

  /** An attempt whose deadline is set when it is published or kept. */
  public ActivityTaskMessage(String sagaId, String activityId, int attempt) {
    this(sagaId, activityId, attempt, null);
  }

  /** This attempt with its timeout ending at {@code value}. */
  public ActivityTaskMessage withDeadline(Instant value) {
    return new ActivityTaskMessage(sagaId, activityId, attempt, value);
  }

  /** This attempt without a deadline: the attempt itself, as claims and dedup keys name it. */
  ActivityTaskMessage attemptOnly() {
    return deadline == null ? this : new ActivityTaskMessage(sagaId, activityId, attempt, null);
  }
}
