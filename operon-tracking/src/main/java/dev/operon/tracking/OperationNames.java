package dev.operon.tracking;

import dev.operon.error.OperonException;
import java.util.regex.Pattern;

/**
 * The rules for operation names: stable, dot-separated words ({@code Webhook.Process},
 * {@code Billing.Invoice.Generate}), letters, digits, '_' and '-' within a word, at most 200
 * characters. Names are not for user-provided strings (put those, and anything personal, in tags or
 * event data, never in the name).
 */
public final class OperationNames {
  public static final int MAX_LENGTH = 200;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*");

  private OperationNames() {}

  /** {@code name}, trimmed, or a VALIDATION error saying what is wrong with it. */
  public static String require(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) {
      throw OperonException.invalid("An operation needs a name (dot-separated words, e.g. Webhook.Process)");
    }
    if (trimmed.length() > MAX_LENGTH) {
      throw OperonException.invalid("Operation name '" + trimmed.substring(0, 40) + "...' has " + trimmed.length()
          + " characters, more than " + MAX_LENGTH);
    }
    if (!NAME.matcher(trimmed).matches()) {
      throw OperonException.invalid("Operation name '" + trimmed + "' is not dot-separated words of letters, digits,"
          + " '_' and '-' (e.g. Webhook.Process)");
    }
    return trimmed;
  }
}
