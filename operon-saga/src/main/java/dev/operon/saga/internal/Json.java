package dev.operon.saga.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;

/** Converts user values to and from JSON trees for event attributes (same settings as Codec.json()). */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Json() {}

  /** A new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code value} as a tree; CODEC error naming its type if it cannot be encoded. */
  public static JsonNode tree(Object value) {
    try {
      return MAPPER.valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw OperonException.of(ErrorKind.CODEC, "Cannot encode a value of type "
          + value.getClass().getName() + " as JSON: " + e.getMessage()).cause(e).build();
    }
  }

  /** {@code node} as a {@code type}; CODEC error naming the type if it does not fit. */
  public static <T> T value(JsonNode node, Class<T> type) {
    if (node == null || node.isNull() || type == Void.class) {
      return null;
    }
    try {
      return MAPPER.treeToValue(node, type);
    } catch (Exception e) {
      throw OperonException.of(ErrorKind.CODEC, "Cannot decode " + node + " as " + type.getName()
          + ": " + e.getMessage()).cause(e).retryable(false).build();
    }
  }
}
