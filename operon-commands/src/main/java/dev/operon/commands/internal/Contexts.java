package dev.operon.commands.internal;

import dev.operon.commands.CommandContext;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;

/** The context of the command running on each thread. */
public final class Contexts {
  private static final ThreadLocal<ExecutionContext> CURRENT = new ThreadLocal<>();

  private Contexts() {}

  public static CommandContext current() {
    ExecutionContext context = CURRENT.get();
    if (context == null) {
      throw new OperonException(ErrorKind.CONFIGURATION,
          "No command runs on this thread: CommandContext.current() is only available inside a handler or filter");
    }
    return context;
  }

  public static ExecutionContext currentOrNull() {
    return CURRENT.get();
  }

  /** Makes {@code context} current; returns the one it replaces, to restore with {@link #restore}. */
  static ExecutionContext enter(ExecutionContext context) {
    ExecutionContext previous = CURRENT.get();
    CURRENT.set(context);
    return previous;
  }

  static void restore(ExecutionContext previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
