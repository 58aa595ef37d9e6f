package dev.operon.spi;

import dev.operon.checkpoint.Checkpoints;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.notify.ChangeNotifier;
import dev.operon.queue.TaskQueue;
import dev.operon.timer.TimerStore;

/**
 * An opened backend: one connection pool or client, from which the ports it supports are made.
 * A port it does not support throws a CONFIGURATION error naming the backend. Closing the backend
 * closes every port made from it.
 */
public interface Backend extends AutoCloseable {

  /** The URL it was opened with, password redacted. */
  BackendUrl url();

  /** Connects, checks the schema version, and says what it found. Never throws. */
  Health check();

  default EventStore eventStore() {
    throw unsupported("an event store");
  }

  default TaskQueue taskQueue() {
    throw unsupported("a task queue");
  }

  default TimerStore timerStore() {
    throw unsupported("a timer store");
  }

  /**
   * The consumer positions of this backend; on a backend with transactions a save joins the
   * {@link #transactor()}'s transaction like the other ports' writes.
   */
  default Checkpoints checkpoints() {
    throw unsupported("a checkpoint store");
  }

  default ChangeNotifier notifier() {
    throw unsupported("a change notifier");
  }

  /**
   * The unit of work over this backend's ports: atomic where the backend has transactions (its
   * event store, task queue, timer store and checkpoints then commit together), else
   * {@link Transactor#direct()}.
   */
  default Transactor transactor() {
    return Transactor.direct();
  }

  /**
   * The event store, task queue, timer store, notifier and transactor of this backend as one value,
   * for a capability to run on; a backend that lacks one of them throws its CONFIGURATION error.
   */
  default Ports ports() {
    return Ports.of(this);
  }

  private OperonException unsupported(String what) {
    return OperonException.of(ErrorKind.CONFIGURATION,
            "The backend " + url() + " does not provide " + what
                + "; see the compatibility table in README.md")
        .retryable(false).build();
  }

  @Override
  void close();
}
