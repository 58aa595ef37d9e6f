package dev.operon.commands;

import java.util.Map;

/**
 * A command run inside another command's execution, as its operation records it: the command and
 * the operation's items as the nested command left them. Recorded even when the nested command
 * threw. In invalidation mode each nested command is replayed, with these items, before the
 * outermost one.
 */
public record NestedOperation(Command<?> command, Map<String, Object> items) {
  public NestedOperation {
    java.util.Objects.requireNonNull(command, "command");
    items = Map.copyOf(items);
  }
}
