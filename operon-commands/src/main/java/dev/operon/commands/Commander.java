package dev.operon.commands;

/**
 * Runs commands through the pipeline of filters to their handlers. Build one with
 * {@link #builder()}; close it when done.
 */
public interface Commander extends AutoCloseable {

  static CommanderBuilder builder() {
    return new CommanderBuilder();
  }

  /**
   * Runs {@code command} and returns its handler's result. Inside a handler, runs it as a nested
   * command of the one running. A COMMAND error naming the command type if no handler takes it,
   * if its handler returns a result of the wrong type, or if its handler throws (the cause); then
   * nothing it wrote is stored and no completion runs.
   */
  default <R> R call(Command<R> command) {
    return call(command, Cancellation.none());
  }

  /** Runs {@code command} like {@link #call(Command)}, stoppable through {@code cancellation}. */
  <R> R call(Command<R> command, Cancellation cancellation);

  /** The event log (outbox) of this commander's operations: backlog, discarded events, requeue. */
  EventLog events();

  /** The id of this host in the operation log. */
  String hostId();

  /**
   * Starts the readers of the operation log and the outbox (and the trimmer) of a commander built
   * with {@link CommanderBuilder#startReaders(boolean) startReaders(false)}, and processes the
   * outbox's waiting events at once; does nothing when they run already or the commander is
   * closed. Commands run either way.
   */
  void startReaders();

  @Override
  void close();
}
