package dev.operon.saga;

import java.util.Locale;

/** How the saga enums are stored: {@code CHILD_WORKFLOW} as {@code ChildWorkflow}. */
final class StoredNames {
  private StoredNames() {}

  static String camelCase(String constant) {
    StringBuilder out = new StringBuilder();
    for (String word : constant.split("_")) {
      out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
