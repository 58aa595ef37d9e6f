package dev.operon.checkpoint;

import dev.operon.error.OperonException;

/** Validates consumer names and positions, so that every adapter accepts the same ones. */
public final class CheckpointNames {
  /** The longest consumer name. */
  public static final int MAX_LENGTH = 200;

  private CheckpointNames() {}

  /** Returns {@code consumer} if valid, else throws a VALIDATION error naming the field and the rule. */
  public static String requireConsumer(String consumer) {
    if (consumer == null || consumer.isBlank() || consumer.length() > MAX_LENGTH) {
      throw OperonException.invalid("Invalid consumer '" + consumer + "': a consumer name must be 1-"
          + MAX_LENGTH + " characters and not blank");
    }
    return consumer;
  }

  /** Returns {@code position} if it is not negative, else throws a VALIDATION error naming the field. */
  public static long requirePosition(String consumer, long position) {
    if (position < 0) {
      throw OperonException.invalid("Invalid position of consumer '" + consumer + "': must be >= 0, was "
          + position);
    }
    return position;
  }
}
