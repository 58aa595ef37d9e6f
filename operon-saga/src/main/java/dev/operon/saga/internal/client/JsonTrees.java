package dev.operon.saga.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/** Compares and shows JSON trees the way inputs are compared: by value, whatever their node types. */
final class JsonTrees {
  /** The longest excerpt of a tree put in a message. */
  private static final int EXCERPT = 200;

  /**
   * Numbers are equal by value: a number read back from storage may have another node type than
   * the one encoded (an int for a long, a double for a float).
   */
  private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isNumber() && b.isNumber()) {
      boolean same = a.isIntegralNumber() && b.isIntegralNumber()
          ? a.bigIntegerValue().equals(b.bigIntegerValue())
          : Double.compare(a.asDouble(), b.asDouble()) == 0;
      return same ? 0 : 1;
    }
    return 1;
  };

  private JsonTrees() {}

  /** Whether {@code a} and {@code b} hold the same value (null and a JSON null are the same). */
  static boolean sameValue(JsonNode a, JsonNode b) {
    boolean aNull = a == null || a.isNull();
    boolean bNull = b == null || b.isNull();
    if (aNull || bNull) {
      return aNull && bNull;
    }
    return a.equals(BY_VALUE, b);
  }

  /** {@code tree} as JSON text, cut to {@value #EXCERPT} characters. */
  static String excerpt(JsonNode tree) {
    String text = String.valueOf(tree);
    return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
  }
}
