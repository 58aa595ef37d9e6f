package dev.operon.server.orders;

import dev.operon.error.ErrorKind;
import dev.operon.saga.SagaDescription;
import dev.operon.saga.SagaFailure;

/** How a finished saga ended, read from the state and failure {@code describe} reports. */
public enum Outcome {
  /** State COMPLETED: the order shipped. */
  COMPLETED,
  /** State CANCELLED after a failure or a timeout: its completed steps were rolled back. */
  COMPENSATED,
  /** State CANCELLED on request: its completed steps were rolled back too. */
  CANCELLED,
  /** State FAILED: nothing to roll back (its first step failed), or a compensation failed. */
  FAILED;

  /** The outcome of the finished saga {@code d}. */
  public static Outcome of(SagaDescription d) {
    return switch (d.state()) {
      case COMPLETED -> COMPLETED;
      case CANCELLED -> d.failure().map(SagaFailure::kind).orElse(ErrorKind.CANCELLED) == ErrorKind.CANCELLED
          ? CANCELLED : COMPENSATED;
      case FAILED -> FAILED;
      default -> throw new IllegalArgumentException("saga " + d.sagaId() + " has not finished: " + d.state());
    };
  }

  /** The key of this outcome in the JSON summary. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
