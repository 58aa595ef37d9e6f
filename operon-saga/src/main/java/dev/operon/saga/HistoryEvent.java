package dev.operon.saga;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of a saga's history, stored in the saga's event stream
 * (stream id = saga id) as JSON; {@code eventId} is its 1-based position in that stream.
 *
 * @param eventId 1-based, dense position in the saga's history
 * @param sagaId the saga it belongs to
 * @param eventType what happened
 * @param category the category of {@code eventType}
 * @param timestamp when the engine recorded it (the engine's clock)
 * @param attributes event-specific data as a JSON tree
 * @param eventVersion version of the attribute schema
 * @param resetPoint whether replay may restart from here
 * @param retry whether this event records a retry of an earlier attempt
 * @param traceId a distributed trace id, or null
 */
public record HistoryEvent(
    @JsonProperty("event_id") long eventId,
    @JsonProperty("saga_id") String sagaId,
    @JsonProperty("event_type") EventType eventType,
    @JsonProperty("category") EventCategory category,
    @JsonProperty("timestamp") Instant timestamp,
    @JsonProperty("attributes") JsonNode attributes,
    @JsonProperty("event_version") int eventVersion,
    @JsonProperty("is_reset_point") boolean resetPoint,
    @JsonProperty("is_retry") boolean retry,
    @JsonProperty("trace_id") String traceId) {

  /** The attribute schema version this engine writes. */
  public static final int CURRENT_VERSION = 1;

  public HistoryEvent {
    Objects.requireNonNull(sagaId, "sagaId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(timestamp, "timestamp");
    category = eventType.category();
    attributes = attributes == null ? JsonNodeFactory.instance.objectNode() : attributes;
  }

  /** A text attribute, or null if absent. */
  public String text(String attribute) {
    JsonNode value = attributes.get(attribute);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The event with {@code id} as its event id (the store assigns ids). */
  public HistoryEvent withEventId(long id) {
    return new HistoryEvent(id, sagaId, eventType, category, timestamp, attributes, eventVersion,
        resetPoint, retry, traceId);
  }
}
