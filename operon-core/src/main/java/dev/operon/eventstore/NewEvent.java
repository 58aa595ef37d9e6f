package dev.operon.eventstore;

import dev.operon.error.OperonException;
import java.util.Map;
import java.util.Objects;

/**
 * An event to append: a type name, an encoded payload and optional string metadata (trace id,
 * category, causation...). The store gives it its id and timestamp.
 */
public record NewEvent(String type, byte[] payload, Map<String, String> metadata) {
  public NewEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    if (type.isBlank()) {
      throw OperonException.invalid("event type must not be blank");
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public NewEvent(String type, byte[] payload) {
    this(type, payload, Map.of());
  }
}
