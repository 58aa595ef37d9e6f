package dev.operon.commands.internal;

import dev.operon.commands.CommandContext;
import dev.operon.commands.CommandFilter;
import dev.operon.commands.FilterPriorities;
import dev.operon.commands.Invalidation;

/**
 * Lets an outermost command make its operation persistent ({@link CommandContext#persist()}):
 * when it returns, the operation (unless it must not be stored), its events and the command's
 * business writes commit in one transaction; when it throws, that transaction rolls back. Inside a
 * transaction of the caller's that the database joins, they commit with it, and other hosts hear
 * of the operation once it has committed. The
 * events carry the correlation and trace of the command ({@link TraceHeaders}) to their handlers.
 */
final class StoredScopeProvider implements CommandFilter {
  private final DefaultCommander commander;
  private final TrackedCommands tracked;

  StoredScopeProvider(DefaultCommander commander) {
    this.commander = commander;
    this.tracked = new TrackedCommands(commander.settings().tracker(), commander.hostId());
  }

  @Override
  public int priority() {
    return FilterPriorities.STORED_SCOPE_PROVIDER;
  }

  @Override
  public Object invoke(CommandContext context, Next next) throws Exception {
    if (!context.isOutermost() || Invalidation.isActive() || context.command() instanceof Completion) {
      return next.proceed();
    }
    ExecutionContext execution = (ExecutionContext) context;
    execution.allowStoring();
    java.time.Instant began = commander.clock().instant();
    Object result;
    try {
      result = next.proceed();
    } catch (Exception | Error e) {
      StoredScope scope = execution.storedScope();
      if (scope != null) {
        scope.rollback();
        tracked.failed(execution.operationState(), began, e);
      }
      throw e;
    }
    StoredScope scope = execution.storedScope();
    if (scope != null) {
      if (!execution.operationState().events().isEmpty()) {
        execution.operationState().eventHeaders(TraceHeaders.current());
      }
      try {
        tracked.succeeded(execution.operationState(), began);
      } catch (RuntimeException | Error e) {
        scope.rollback();
        throw e;
      }
      scope.commit(execution.operationState(), commander.clock().instant(), commander.settings().verification());
      OperationState operation = execution.operationState();
      scope.whenCommitted(() -> commander.announceStored(operation));
    }
    return result;
  }
}
