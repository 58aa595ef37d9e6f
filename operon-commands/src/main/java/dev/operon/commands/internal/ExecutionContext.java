package dev.operon.commands.internal;

import dev.operon.commands.Cancellation;
import dev.operon.commands.Command;
import dev.operon.commands.CommandContext;
import dev.operon.commands.Commander;
import dev.operon.commands.Invalidation;
import dev.operon.commands.Items;
import dev.operon.commands.Operation;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.Optional;

/** One execution of a command on this host. */
public final class ExecutionContext implements CommandContext {
  private final DefaultCommander commander;
  private final Command<?> command;
  private final ExecutionContext outer;
  private final Cancellation cancellation;
  private final Items items = new Items();
  private OperationState operation;
  private StoredScope storedScope;
  private boolean storable;
  private String reusedOperationId;

  ExecutionContext(DefaultCommander commander, Command<?> command, ExecutionContext outer, Cancellation cancellation) {
    this.commander = commander;
    this.command = command;
    this.outer = outer;
    this.cancellation = cancellation;
    this.operation = outer == null ? null : outer.operation;
  }

  @Override
  public Command<?> command() {
    return command;
  }

  @Override
  public Optional<CommandContext> outer() {
    return Optional.ofNullable(outer);
  }

  @Override
  public Items items() {
    return items;
  }

  @Override
  public Operation operation() {
    if (operation == null) {
      throw new OperonException(ErrorKind.CONFIGURATION, "The command " + command.getClass().getName()
          + " has no operation yet: a filter above the transient scope provider (priority "
          + dev.operon.commands.FilterPriorities.TRANSIENT_SCOPE_PROVIDER + ") asked for it");
    }
    return operation;
  }

  /** The operation, or null before the transient scope provider set it. */
  OperationState operationState() {
    return operation;
  }

  void operation(OperationState operation) {
    this.operation = operation;
  }

  @Override
  public Cancellation cancellation() {
    return cancellation;
  }

  @Override
  public Commander commander() {
    return commander;
  }

  /** Makes the next operation of this context take {@code ulid} (the reprocessor runs a command again). */
  void reuseOperationId(String ulid) {
    this.reusedOperationId = ulid;
  }

  /** The operation id to reuse, or null for a new one. */
  String reusedOperationId() {
    return reusedOperationId;
  }

  /** Forgets what the failed run left: its operation, its scope, its items. */
  void resetForRetry() {
    this.operation = null;
    this.storedScope = null;
    this.storable = false;
    this.items.replaceWith(java.util.Map.of());
  }

  /** The outermost context of this execution. */
  ExecutionContext outermost() {
    ExecutionContext context = this;
    while (context.outer != null) {
      context = context.outer;
    }
    return context;
  }

  /** Lets {@link #persist} open a stored scope on {@code log} (the stored scope provider does, for an outermost command). */
  void allowStoring() {
    this.storable = true;
  }

  StoredScope storedScope() {
    return storedScope;
  }

  /** Whether this command's commander stores operations on a database. */
  public boolean storesOnDatabase() {
    return commander.operationLog() instanceof dev.operon.commands.internal.jdbc.JdbcOperationLog;
  }

  /** The stored scope of the outermost command, once {@link #persist()} opened it. */
  public StoredScope outermostStoredScope() {
    return outermost().storedScope;
  }

  @Override
  public void persist() {
    if (Invalidation.isActive()) {
      throw new OperonException(ErrorKind.CONFIGURATION, "The command " + command.getClass().getName()
          + " asked for a new operation scope in invalidation mode: an invalidation branch only invalidates");
    }
    ExecutionContext root = outermost();
    if (root.storedScope != null) {
      return;
    }
    if (!root.storable) {
      throw new OperonException(ErrorKind.CONFIGURATION, "The command " + command.getClass().getName()
          + " cannot make its operation persistent here: only inside a handler of a command run by a commander");
    }
    root.storedScope = commander.operationLog().begin();
    root.operation.becomePersistent();
  }
}
