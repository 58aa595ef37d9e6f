package dev.operon.commands.internal;

import dev.operon.commands.CommandContext;
import dev.operon.commands.CommandFilter;
import dev.operon.commands.FilterPriorities;
import dev.operon.commands.Invalidation;
import dev.operon.commands.NestedOperation;
import java.util.Map;

/**
 * Records each nested command on the operation, with the operation's items as the nested command
 * left them; the nested command starts with no items and the outer command gets its own back
 * afterwards. Recorded even when the nested command throws.
 */
final class NestedOperationLogger implements CommandFilter {

  @Override
  public int priority() {
    return FilterPriorities.NESTED_OPERATION_LOGGER;
  }

  @Override
  public Object invoke(CommandContext context, Next next) throws Exception {
    ExecutionContext execution = (ExecutionContext) context;
    OperationState operation = execution.operationState();
    if (context.isOutermost() || operation == null || Invalidation.isActive()) {
      return next.proceed();
    }
    Map<String, Object> outerItems = operation.items().snapshot();
    operation.items().replaceWith(Map.of());
    try {
      return next.proceed();
    } finally {
      operation.addNested(new NestedOperation(context.command(), operation.items().snapshot()));
      operation.items().replaceWith(outerItems);
    }
  }
}
