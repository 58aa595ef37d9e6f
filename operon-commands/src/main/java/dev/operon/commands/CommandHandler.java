package dev.operon.commands;

/**
 * Handles one type of command. In invalidation mode ({@link Invalidation#isActive()}) a handler
 * is called again with the same command, on every host, after its operation completed: it then
 * invalidates what the command changed instead of changing it.
 */
@FunctionalInterface
public interface CommandHandler<C extends Command<R>, R> {
  R handle(C command, CommandContext context) throws Exception;
}
