package dev.operon.saga.internal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The payload of an activity task: which step of which saga, and which attempt. */
public record ActivityTaskMessage(
    @JsonProperty("saga_id") String sagaId,
    @JsonProperty("activity_id") String activityId,
    @JsonProperty("attempt") int attempt) {}
