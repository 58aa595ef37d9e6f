package dev.operon.queue;

import dev.operon.error.OperonException;
import java.util.regex.Pattern;

/** Validates queue names, so that every adapter accepts the same names. */
public final class QueueNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private QueueNames() {}

  /** Returns {@code queue} if valid, else throws naming the value and the rule. */
  public static String require(String queue) {
    if (queue == null || !VALID.matcher(queue).matches()) {
      throw OperonException.invalid(
          "Invalid queue name '" + queue
              + "': use 1-64 characters of letters, digits, '-', '_' and '.'");
    }
    return queue;
  }
}
