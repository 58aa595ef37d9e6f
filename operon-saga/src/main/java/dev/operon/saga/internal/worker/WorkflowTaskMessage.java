package dev.operon.saga.internal.worker;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The payload of a workflow task: replay this saga and take its next step. */
public record WorkflowTaskMessage(@JsonProperty("saga_id") String sagaId) {}
