package dev.operon.commands.internal;

import dev.operon.commands.CommandContext;
import dev.operon.commands.CommandFilter;
import dev.operon.commands.FilterPriorities;
import dev.operon.commands.Items;
import dev.operon.commands.NestedOperation;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes {@link Completion}s and runs their invalidation pass: each nested command, then the
 * outermost one, handed to its handler in invalidation mode with the items it left. A handler
 * that fails is logged; the pass goes on.
 */
final class InvalidatingCompletionHandler implements CommandFilter {
  private static final Logger LOG = LoggerFactory.getLogger(InvalidatingCompletionHandler.class);

  private final DefaultCommander commander;

  InvalidatingCompletionHandler(DefaultCommander commander) {
    this.commander = commander;
  }

  @Override
  public int priority() {
    return FilterPriorities.INVALIDATING_COMPLETION_HANDLER;
  }

  @Override
  public Object invoke(CommandContext context, Next next) throws Exception {
    if (!(context.command() instanceof Completion completion)) {
      return next.proceed();
    }
    OperationState operation = completion.operation();
    for (NestedOperation nested : operation.nestedOperations()) {
      replay(operation, nested.command(), nested.items());
    }
    replay(operation, operation.command(), operation.items().snapshot());
    return null;
  }

  private void replay(OperationState operation, dev.operon.commands.Command<?> command, Map<String, Object> items) {
    try {
      commander.invalidate(command, operation.withItems(Items.of(items)));
    } catch (RuntimeException e) {
      LOG.warn("Invalidation of {} (operation {}) failed; what it caches may stay stale until it expires",
          command.getClass().getName(), operation.id(), e);
    }
  }
}
