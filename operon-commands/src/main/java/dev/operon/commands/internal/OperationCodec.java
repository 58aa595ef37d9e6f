package dev.operon.commands.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.commands.Command;
import dev.operon.commands.Items;
import dev.operon.commands.NestedOperation;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of what an operation stores: its command, items, nested operations and event values,
 * each value with its class name so that another host decodes it back to the same type.
 */
public final class OperationCodec {
  private static final ObjectMapper MAPPER = dev.operon.codec.JsonMappers.json();

  private OperationCodec() {}

  /** {@code value} as JSON. A CODEC error naming {@code what} and the type if Jackson cannot encode it. */
  public static String json(Object value, String what) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (Exception e) {
      throw OperonException.of(ErrorKind.CODEC, "Cannot encode " + what + " of type " + value.getClass().getName()
          + " as JSON: " + e.getMessage() + "; give the type public accessors or Jackson annotations")
          .cause(e).build();
    }
  }

  /** {@code json}, written by {@link #json} for a value of class {@code type}, decoded. */
  public static Object value(String type, String json) {
    Class<?> decoded = classOf(type);
    try {
      return MAPPER.readValue(json, decoded);
    } catch (Exception e) {
      throw OperonException.of(ErrorKind.CODEC, "Cannot decode a stored " + type + ": " + e.getMessage())
          .cause(e).build();
    }
  }

  /** The items as JSON: {@code {key: {"type": class, "value": json}}}. */
  public static String items(Map<String, Object> items) {
    if (items.isEmpty()) {
      return "{}";
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    items.forEach((key, value) -> node.set(key, typed(value, "item '" + key + "'")));
    return node.toString();
  }

  public static Items items(String json) {
    if (json.equals("{}")) {
      return Items.of(Map.of());
    }
    Map<String, Object> values = new LinkedHashMap<>();
    tree(json).properties().forEach(e -> values.put(e.getKey(), untyped(e.getValue())));
    return Items.of(values);
  }

  /** The nested operations as JSON: {@code [{"command": typed, "items": {...}}]}. */
  public static String nested(List<NestedOperation> nested) {
    if (nested.isEmpty()) {
      return "[]";
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (NestedOperation operation : nested) {
      ObjectNode entry = array.addObject();
      entry.set("command", typed(operation.command(), "nested command"));
      entry.set("items", tree(items(operation.items())));
    }
    return array.toString();
  }

  public static List<NestedOperation> nested(String json) {
    if (json.equals("[]")) {
      return List.of();
    }
    List<NestedOperation> nested = new ArrayList<>();
    for (JsonNode entry : tree(json)) {
      Command<?> command = (Command<?>) untyped(entry.get("command"));
      nested.add(new NestedOperation(command, items(entry.get("items").toString()).snapshot()));
    }
    return nested;
  }

  private static ObjectNode typed(Object value, String what) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", value.getClass().getName());
    node.set("value", tree(json(value, what)));
    return node;
  }

  private static Object untyped(JsonNode node) {
    return value(node.get("type").asText(), node.get("value").toString());
  }

  private static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw OperonException.of(ErrorKind.CODEC, "Cannot read stored JSON: " + e.getMessage()).cause(e).build();
    }
  }

  private static Class<?> classOf(String type) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return Class.forName(type, false, loader != null ? loader : OperationCodec.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw OperonException.of(ErrorKind.CODEC, "Cannot decode a stored value of type " + type
          + ": the class is not on this host's class path").cause(e).build();
    }
  }
}
