package dev.operon.commands;

/** The priorities of the built-in filters (higher runs first). */
public final class FilterPriorities {
  /** Runs the command again, with the same operation id, after a transient database failure (opt-in). */
  public static final int OPERATION_REPROCESSOR = 100_000;
  /** Records each nested command, with a snapshot of the operation's items, on the operation. */
  public static final int NESTED_OPERATION_LOGGER = 11_000;
  /** Gives every outermost command an operation and runs its completion. */
  public static final int TRANSIENT_SCOPE_PROVIDER = 10_000;
  /** Lets an outermost command make its operation persistent: business writes, operation and events in one transaction. */
  public static final int STORED_SCOPE_PROVIDER = 1_000;
  /** Runs the invalidation pass of a completed operation. */
  public static final int INVALIDATING_COMPLETION_HANDLER = 100;

  private FilterPriorities() {}
}
