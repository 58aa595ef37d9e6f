package dev.operon.commands.internal;

import dev.operon.commands.Command;
import dev.operon.commands.CommandFilter;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The filters of a commander, highest priority first, then the command's handler. */
final class Pipeline {
  private final CommandFilter[] filters;
  private final HandlerRegistry handlers;

  Pipeline(List<CommandFilter> filters, HandlerRegistry handlers) {
    List<CommandFilter> sorted = new ArrayList<>(filters);
    sorted.sort(Comparator.comparingInt(CommandFilter::priority).reversed());
    this.filters = sorted.toArray(CommandFilter[]::new);
    this.handlers = handlers;
  }

  Object run(ExecutionContext context) throws Exception {
    return step(context, 0);
  }

  private Object step(ExecutionContext context, int index) throws Exception {
    if (index == filters.length) {
      return handle(context);
    }
    return filters[index].invoke(context, () -> step(context, index + 1));
  }

  private Object handle(ExecutionContext context) throws Exception {
    Command<?> command = context.command();
    HandlerRegistry.Entry entry = handlers.handlerOf(command.getClass());
    context.cancellation().throwIfCancelled();
    @SuppressWarnings("unchecked")
    Object result = entry.handler().handle((Command<Object>) command, context);
    Class<?> expected = entry.resultType();
    if (result != null && expected != null && (expected == Void.class || !expected.isInstance(result))) {
      throw new OperonException(ErrorKind.COMMAND, "The handler of command " + command.getClass().getName()
          + " (" + entry.source() + ") returned a " + result.getClass().getName() + " where the command declares "
          + (expected == Void.class ? "no result (Void)" : expected.getName()));
    }
    return result;
  }

  /** The filters in the order they run, for diagnostics. */
  List<CommandFilter> filters() {
    return List.of(filters);
  }
}
