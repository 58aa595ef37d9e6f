package dev.operon.eventstore;

import dev.operon.error.OperonException;

/**
 * The start of the names of the streams a reader of the global log wants, e.g. {@code order-} for
 * every stream named {@code order-<id>}. Matching is literal and case-sensitive: every character,
 * {@code %} and {@code _} included, stands for itself. A prefix is 1 to {@value #MAX_LENGTH}
 * characters (the longest stream name) and not blank.
 *
 * @param value the prefix
 */
public record StreamPrefix(String value) {
  /** The longest prefix: the longest stream name. */
  public static final int MAX_LENGTH = 200;

  public StreamPrefix {
    if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
      throw OperonException.invalid("Invalid stream prefix '" + value + "': a stream prefix must be 1-"
          + MAX_LENGTH + " characters and not blank");
    }
  }

  /** The prefix {@code value}; see {@link StreamPrefix}. */
  public static StreamPrefix of(String value) {
    return new StreamPrefix(value);
  }

  /** Whether {@code stream} starts with this prefix. */
  public boolean matches(String stream) {
    return stream != null && stream.startsWith(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
