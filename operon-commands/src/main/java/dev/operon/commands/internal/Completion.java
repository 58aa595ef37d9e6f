package dev.operon.commands.internal;

import dev.operon.commands.Command;

/**
 * The system command that carries a completed operation through the pipeline to the invalidating
 * completion handler; filters see it like any command. Not stored, never a scope of its own.
 */
public record Completion(OperationState operation, boolean local) implements Command<Void> {}
