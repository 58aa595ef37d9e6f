package dev.operon.commands;

/**
 * A command: a request to change something, handled by exactly one handler, whose result has type
 * {@code R} ({@code Void} for none). Commands are values (records, usually): a persistent
 * operation stores its command as JSON, and other hosts decode it to replay it in invalidation
 * mode, so a command must encode with Jackson and decode back to an equal value.
 *
 * @param <R> the type of the handler's result
 */
public interface Command<R> {}
