package dev.operon.saga.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Converts user values to and from JSON trees for event attributes (same settings as Codec.json()).
 * Reading back what a history recorded is lenient (unknown properties are ignored, so events
 * written by older code keep decoding); {@link #strictValue} is for values that cross into the
 * engine from callers, which must fit their type exactly.
 */
public final class Json {
  private static final ObjectMapper MAPPER = dev.operon.codec.JsonMappers.json();

  /**
   * Fails on unknown properties, on missing creator properties (record components), on null for
   * primitives, and on scalars of another JSON type (no "5" for a long, no 5 for a String, no 1.5
   * for an int).
   */
  @SuppressWarnings("deprecation") // ALLOW_COERCION_OF_SCALARS: still how Jackson 2 turns string-to-number coercion off
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  private Json() {}

  /** The JSON document {@code text} as a tree; CODEC error if it is not JSON. */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw OperonException.of(ErrorKind.CODEC, "Cannot parse JSON: " + e.getMessage()).cause(e).build();
    }
  }

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

  /**
   * {@code node} (not null) as a {@code type}, decoded strictly (see {@link #STRICT}); a CODEC error
   * whose message names the field that does not fit (e.g. {@code field 'items[0].sku': ...}).
   */
  public static <T> T strictValue(JsonNode node, Class<T> type) {
    try {
      return STRICT.treeToValue(node, type);
    } catch (JsonMappingException e) {
      throw OperonException.of(ErrorKind.CODEC, describe(e)).cause(e).retryable(false).build();
    } catch (Exception e) {
      throw OperonException.of(ErrorKind.CODEC, String.valueOf(e.getMessage())).cause(e).retryable(false).build();
    }
  }

  /** Where a decode failed (the field's path) and why, without Jackson's advice on its settings. */
  private static String describe(JsonMappingException e) {
    String path = path(e.getPath());
    String why;
    if (e instanceof UnrecognizedPropertyException u) {
      Class<?> in = u.getReferringClass();
      Collection<Object> known = u.getKnownPropertyIds();
      why = "unknown property" + (in == null || known == null ? "" : " (" + in.getSimpleName() + " has "
          + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
    } else {
      why = withoutAdvice(e.getOriginalMessage());
    }
    return path.isEmpty() ? why : "field '" + path + "': " + why;
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : references) {
      if (r.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String withoutAdvice(String message) {
    String text = String.valueOf(message);
    for (String advice : new String[] {"; `DeserializationFeature", " (set DeserializationConfig", " (but "}) {
      int at = text.indexOf(advice);
      if (at > 0) {
        text = text.substring(0, at);
      }
    }
    return text;
  }
}
