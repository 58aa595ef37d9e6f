package dev.operon.commands;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;

/**
 * Asks a running command to stop. The caller keeps it and calls {@link #cancel()}; the handler
 * checks {@link #isCancelled()} or calls {@link #throwIfCancelled()} at points where stopping is
 * safe. Nested commands share the cancellation of the command that runs them.
 */
public final class Cancellation {
  private static final Cancellation NONE = new Cancellation(false);

  private final boolean cancellable;
  private volatile String reason;

  private Cancellation(boolean cancellable) {
    this.cancellable = cancellable;
  }

  /** A cancellation its holder can trigger. */
  public static Cancellation create() {
    return new Cancellation(true);
  }

  /** The cancellation of a command nobody can cancel. */
  public static Cancellation none() {
    return NONE;
  }

  /** Asks the command to stop; {@code reason} is named in the error it throws. */
  public void cancel(String reason) {
    if (!cancellable) {
      throw new IllegalStateException("Cancellation.none() cannot be cancelled");
    }
    this.reason = reason == null || reason.isBlank() ? "cancelled" : reason;
  }

  public boolean isCancelled() {
    return reason != null;
  }

  /** Throws a CANCELLED error naming the reason if the command was asked to stop. */
  public void throwIfCancelled() {
    String why = reason;
    if (why != null) {
      throw new OperonException(ErrorKind.CANCELLED, "The command was cancelled: " + why);
    }
  }
}
