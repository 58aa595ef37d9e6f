package dev.operon.commands;

import java.util.Optional;

/**
 * One execution of one command: the command, the context of the command that runs it (for a
 * nested command), items local to this execution, the operation of the outermost command, and its
 * cancellation. {@link #current()} is the context of the command running on the calling thread.
 */
public interface CommandContext {

  /** The context of the command running on the calling thread; an error if none is. */
  static CommandContext current() {
    return dev.operon.commands.internal.Contexts.current();
  }

  /** The context of the command running on the calling thread, if any. */
  static Optional<CommandContext> find() {
    return Optional.ofNullable(dev.operon.commands.internal.Contexts.currentOrNull());
  }

  Command<?> command();

  /** The context of the command that runs this one; empty for an outermost command. */
  Optional<CommandContext> outer();

  /** Whether no other command runs this one. */
  default boolean isOutermost() {
    return outer().isEmpty();
  }

  /** Values local to this execution on this host; never stored. */
  Items items();

  /** The operation of the outermost command, which nested commands share. */
  Operation operation();

  Cancellation cancellation();

  /** The commander running this command, to run nested ones. */
  Commander commander();

  /**
   * Makes the operation persistent: opens its transaction, in which the operation (unless
   * {@code mustStore(false)}), its events and the business writes commit together when the
   * outermost command returns. On a database backend {@code OperationDb.connection(context)}
   * calls it and returns the transaction's connection. A CONFIGURATION error in invalidation mode.
   */
  void persist();
}
