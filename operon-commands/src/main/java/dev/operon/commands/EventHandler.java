package dev.operon.commands;

/**
 * Processes the events of the event log whose value has type {@code T} (a value that is a
 * {@link Command} runs through the commander instead). Runs at least once per event: a handler
 * that throws is tried again later (5 tries, waiting 1 s, then twice as long each time, at most
 * 5 min), then the event is discarded.
 */
@FunctionalInterface
public interface EventHandler<T> {
  void handle(T value) throws Exception;
}
