package dev.operon.commands.internal;

import dev.operon.commands.CommandContext;
import dev.operon.commands.CommandFilter;
import dev.operon.commands.FilterPriorities;
import dev.operon.commands.Invalidation;

/**
 * Gives every outermost command an operation, transient until its command makes it persistent,
 * and runs the operation's completion once the command returned (and its transaction, if any,
 * committed: when it joined a transaction of the caller's, once that commits). A command that
 * throws gets no completion.
 */
final class TransientScopeProvider implements CommandFilter {
  private final DefaultCommander commander;

  TransientScopeProvider(DefaultCommander commander) {
    this.commander = commander;
  }

  @Override
  public int priority() {
    return FilterPriorities.TRANSIENT_SCOPE_PROVIDER;
  }

  @Override
  public Object invoke(CommandContext context, Next next) throws Exception {
    if (!context.isOutermost() || Invalidation.isActive() || context.command() instanceof Completion) {
      return next.proceed();
    }
    ExecutionContext execution = (ExecutionContext) context;
    OperationState operation = commander.newOperation(context.command(), execution.reusedOperationId());
    execution.operation(operation);
    Object result = next.proceed();
    if (operation.loggedAt().isEmpty()) {
      operation.loggedAt(commander.clock().instant());
    }
    StoredScope stored = execution.storedScope();
    if (stored != null) {
      // after the commit of a caller's transaction that the operation joined; at once otherwise
      stored.whenCommitted(() -> commander.completeLocal(operation));
    } else {
      commander.completeLocal(operation);
    }
    return result;
  }
}
