package dev.operon.saga.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.OperonException;
import dev.operon.saga.internal.Json;
import java.util.Collection;
import java.util.Map;

/**
 * Checks a value that a caller hands to the engine (a workflow's input, a signal's payload, an
 * update's argument) against the type the code declares for it, before anything is stored:
 *
 * <ul>
 *   <li>an instance of the type fits (it must still encode and decode);
 *   <li>JSON-like values (JsonNode, Map, Collection, array, String, Number, Boolean) must decode as
 *       the type strictly: no unknown properties, no missing record components or creator
 *       properties, no null for a primitive, no scalar of another JSON type;
 *   <li>any other Java type (another record, say) does not fit;
 *   <li>null fits only {@code Void}, and {@code Void} takes only null.
 * </ul>
 *
 * Values read back from a history are not checked here: they decode leniently ({@link Json#value}),
 * so that what older code recorded keeps decoding.
 */
public final class InputCheck {
  private InputCheck() {}

  /**
   * {@code value} as a JSON tree if it fits {@code type}; otherwise a VALIDATION error that starts
   * with {@code what} (e.g. "Input for workflow 'OrderSaga'") and names the type and the field.
   */
  public static JsonNode fitting(Object value, Class<?> type, String what) {
    if (value == null) {
      if (type == Void.class) {
        return null;
      }
      throw OperonException.invalid(what + " is null; it must be a " + type.getName());
    }
    if (type == Void.class) {
      throw OperonException.invalid(what + " must be null (its type is Void), was a " + value.getClass().getName());
    }
    if (!type.isInstance(value) && !jsonLike(value)) {
      throw OperonException.invalid(what + " is a " + value.getClass().getName() + ", not a " + type.getName());
    }
    JsonNode tree;
    try {
      tree = Json.tree(value);
    } catch (OperonException e) {
      throw OperonException.invalid(what + " cannot be encoded as JSON: " + e.getMessage());
    }
    if (tree == null || tree.isNull()) {
      throw OperonException.invalid(what + " is null; it must be a " + type.getName());
    }
    try {
      if (type.isInstance(value)) {
        Json.value(tree, type);
      } else {
        Json.strictValue(tree, type);
      }
    } catch (OperonException e) {
      throw OperonException.invalid(what + " does not fit " + type.getName() + ": " + e.getMessage());
    }
    return tree;
  }

  /**
   * The class name of {@code value} if it is a Java object that is not JSON-like (a record, say),
   * else null: recorded with a value whose type is checked later ({@code payload_type} of a signal),
   * since its JSON tree may hold more than the type decodes (a record's extra getters).
   */
  public static String javaType(Object value) {
    return value == null || jsonLike(value) ? null : value.getClass().getName();
  }

  /**
   * Whether a value recorded as {@code tree} (sent as a {@code sentAs}, or JSON-like if null) fits
   * {@code type}, by the rules of {@link #fitting}: a VALIDATION error starting with {@code what}
   * if not. The sent class is looked up with {@code loader}.
   */
  public static void fittingRecorded(JsonNode tree, String sentAs, Class<?> type, ClassLoader loader, String what) {
    if (sentAs == null) {
      fitting(tree == null || tree.isNull() ? null : tree, type, what);
      return;
    }
    if (!sentAs.equals(type.getName()) && !assignable(type, sentAs, loader)) {
      throw OperonException.invalid(what + " is a " + sentAs + ", not a " + type.getName());
    }
    try {
      Json.value(tree, type);
    } catch (OperonException e) {
      throw OperonException.invalid(what + " does not fit " + type.getName() + ": " + e.getMessage());
    }
  }

  private static boolean assignable(Class<?> type, String sentAs, ClassLoader loader) {
    try {
      return type.isAssignableFrom(Class.forName(sentAs, false, loader));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static boolean jsonLike(Object value) {
    return value instanceof JsonNode || value instanceof Map<?, ?> || value instanceof Collection<?>
        || value.getClass().isArray() || value instanceof CharSequence || value instanceof Number
        || value instanceof Boolean || value instanceof Character;
  }
}
