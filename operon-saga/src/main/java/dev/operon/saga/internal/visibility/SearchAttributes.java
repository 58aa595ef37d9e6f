package dev.operon.saga.internal.visibility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.error.OperonException;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.history.Attr;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Typed search attributes of a saga: names and values as a workflow upserts them, their JSON form
 * in SearchAttributesUpserted events ({@code {"name": {"type": "long", "value": 5}}}, null to
 * remove), and the fold of a history's upserts into the current values. Values are strings,
 * longs (from any integral number), doubles (from float or double), booleans or instants.
 */
public final class SearchAttributes {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");
  private static final String TYPE = "type";
  private static final String VALUE = "value";

  private SearchAttributes() {}

  /**
   * {@code value} in its canonical type (Long for any integral number, Double for float and
   * double); VALIDATION error naming {@code name} if the type is not supported.
   */
  public static Object normalize(String name, Object value) {
    return switch (value) {
      case String s -> s;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Double d -> d;
      case Float f -> f.doubleValue();
      case Boolean b -> b;
      case Instant t -> t;
      case null -> throw OperonException.invalid("Search attribute '" + name + "' has a null value");
      default -> throw OperonException.invalid("Search attribute '" + name + "' has a value of type "
          + value.getClass().getName() + "; use String, Long, Integer, Double, Float, Boolean or Instant");
    };
  }

  /** The name, checked: a letter or underscore, then up to 99 letters, digits, '_', '.' or '-'. */
  public static String checkedName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw OperonException.invalid("Search attribute name must be a letter or '_' followed by up to 99"
          + " letters, digits, '_', '.' or '-', was '" + name + "'");
    }
    return name;
  }

  /** The JSON form of an upsert; a null value removes the attribute. VALIDATION on a bad name or value. */
  public static ObjectNode encode(Map<String, ?> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      throw OperonException.invalid("upsertSearchAttributes needs at least one attribute");
    }
    ObjectNode out = Json.object();
    for (Map.Entry<String, ?> e : new TreeMap<String, Object>(attributes).entrySet()) {
      String name = checkedName(e.getKey());
      if (e.getValue() == null) {
        out.putNull(name);
        continue;
      }
      Object value = normalize(name, e.getValue());
      ObjectNode typed = out.putObject(name).put(TYPE, typeName(value));
      typed.set(VALUE, Json.tree(value instanceof Instant t ? t.toString() : value));
    }
    return out;
  }

  /** The names an upsert sets or removes, sorted. */
  public static Set<String> names(JsonNode upsert) {
    Set<String> names = new TreeSet<>();
    if (upsert != null) {
      upsert.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  /** Whether two upserts name the same attributes (what replay checks; values may be recomputed). */
  public static boolean sameNames(JsonNode a, JsonNode b) {
    return a != null && b != null && names(a).equals(names(b));
  }

  /** The search attributes of {@code events} as stored (JSON values by name), to carry them over to another run. */
  public static ObjectNode foldEncoded(Iterable<HistoryEvent> events) {
    ObjectNode current = Json.object();
    for (HistoryEvent e : events) {
      if (e.eventType() == EventType.SEARCH_ATTRIBUTES_UPSERTED || e.eventType() == EventType.WORKFLOW_EXECUTION_STARTED) {
        e.attributes().path(Attr.SEARCH_ATTRIBUTES).fields().forEachRemaining(field -> {
          if (field.getValue().isNull()) {
            current.remove(field.getKey());
          } else {
            current.set(field.getKey(), field.getValue());
          }
        });
      }
    }
    return current;
  }

  /** The attributes after every SearchAttributesUpserted event of {@code events}, by name. */
  public static Map<String, Object> fold(Iterable<HistoryEvent> events) {
    Map<String, Object> current = new TreeMap<>();
    for (HistoryEvent e : events) {
      apply(current, e);
    }
    return Collections.unmodifiableMap(current);
  }

  /**
   * Applies {@code event} to {@code current} if it is a SearchAttributesUpserted event, or the
   * WorkflowExecutionStarted of a run that continued another (it carries the attributes over).
   */
  static void apply(Map<String, Object> current, HistoryEvent event) {
    if (event.eventType() != EventType.SEARCH_ATTRIBUTES_UPSERTED
        && event.eventType() != EventType.WORKFLOW_EXECUTION_STARTED) {
      return;
    }
    JsonNode upsert = event.attributes().path(Attr.SEARCH_ATTRIBUTES);
    for (Iterator<Map.Entry<String, JsonNode>> it = upsert.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        current.remove(field.getKey());
      } else {
        current.put(field.getKey(), decode(field.getValue()));
      }
    }
  }

  /**
   * {@code value} (a canonical type, see {@link #normalize}) as the text a visibility store indexes
   * and matches: its type and its value, so that 5 (long) and "5" (string) never match each other.
   */
  static String indexValue(Object value) {
    return typeName(value) + ":" + (value instanceof Instant t ? t.toString() : String.valueOf(value));
  }

  /** The attributes of their stored JSON form ({@link #foldEncoded}), by name. */
  static Map<String, Object> decodeAll(JsonNode encoded) {
    Map<String, Object> current = new TreeMap<>();
    if (encoded != null) {
      encoded.fields().forEachRemaining(field -> current.put(field.getKey(), decode(field.getValue())));
    }
    return Collections.unmodifiableMap(current);
  }

  private static String typeName(Object value) {
    return switch (value) {
      case Long l -> "long";
      case Double d -> "double";
      case Boolean b -> "boolean";
      case Instant t -> "instant";
      default -> "string";
    };
  }

  private static Object decode(JsonNode typed) {
    JsonNode value = typed.path(VALUE);
    return switch (typed.path(TYPE).asText()) {
      case "long" -> value.asLong();
      case "double" -> value.asDouble();
      case "boolean" -> value.asBoolean();
      case "instant" -> Instant.parse(value.asText());
      default -> value.asText();
    };
  }
}
