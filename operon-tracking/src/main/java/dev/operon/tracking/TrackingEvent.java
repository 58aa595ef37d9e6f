package dev.operon.tracking;

import java.time.Instant;
import java.util.Objects;

/** Evidence an operation recorded: a checkpoint, a warning, an error, with a message and optional JSON data. */
public record TrackingEvent(String id, String operationId, Instant occurredAt, String kind, String message,
    String dataJson) {
  public TrackingEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }
}
