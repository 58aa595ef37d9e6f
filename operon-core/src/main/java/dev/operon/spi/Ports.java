package dev.operon.spi;

import dev.operon.checkpoint.Checkpoints;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.notify.ChangeNotifier;
import dev.operon.queue.TaskQueue;
import dev.operon.timer.TimerStore;
import java.util.Objects;

/**
 * What a capability runs on, handed over as one value: the event store, task queue, timer store,
 * change notifier, consumer checkpoints and the transactor that makes their writes one unit of
 * work. {@link
 * Backend#ports()} gives all of them from one backend; {@link #withTaskQueue} and {@link
 * #withNotifier} take those two from another (NATS JetStream, Redis), whose writes then follow the
 * commit instead of joining it.
 *
 * <p>The event store, the timer store and the checkpoints must be of the backend whose transactor this is when
 * the transactor is atomic: otherwise the value would promise transitions that commit together
 * while their writes go to two databases. That mix is refused with a CONFIGURATION error naming
 * the store; pass {@link Transactor#direct()} to run on stores of different backends, each write
 * committing on its own.
 */
public record Ports(EventStore eventStore, TaskQueue taskQueue, TimerStore timerStore, ChangeNotifier notifier,
    Checkpoints checkpoints, Transactor transactor) {

  /** Checks that every port is given and that an atomic transactor joins the stores. */
  public Ports {
    Objects.requireNonNull(eventStore, "eventStore");
    Objects.requireNonNull(taskQueue, "taskQueue");
    Objects.requireNonNull(timerStore, "timerStore");
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(transactor, "transactor");
    requireJoined(transactor, eventStore, "event store");
    requireJoined(transactor, timerStore, "timer store");
    requireJoined(transactor, checkpoints, "checkpoints store");
  }

  /** The ports of {@code backend}, all of them from it. */
  public static Ports of(Backend backend) {
    return new Ports(backend.eventStore(), backend.taskQueue(), backend.timerStore(), backend.notifier(),
        backend.checkpoints(), backend.transactor());
  }

  /** These ports with tasks on {@code queue}; its publishes follow each commit unless the transactor joins it. */
  public Ports withTaskQueue(TaskQueue queue) {
    return new Ports(eventStore, queue, timerStore, notifier, checkpoints, transactor);
  }

  /** These ports with wake-ups through {@code value}. */
  public Ports withNotifier(ChangeNotifier value) {
    return new Ports(eventStore, taskQueue, timerStore, value, checkpoints, transactor);
  }

  /** Whether the task queue's publishes commit with the stores' writes. */
  public boolean queueJoins() {
    return transactor.atomic() && transactor.joins(taskQueue);
  }

  /**
   * Refuses an atomic {@code transactor} that does not join {@code store}: its writes would commit
   * on their own while the caller counts on one transaction.
   *
   * @param role what the store is ("event store"), named in the error
   */
  public static void requireJoined(Transactor transactor, Object store, String role) {
    if (transactor.atomic() && !transactor.joins(store)) {
      throw OperonException.of(ErrorKind.CONFIGURATION, "The " + role + " (" + store.getClass().getSimpleName()
              + ") is not of the backend whose transactor was given, so its writes would not commit in that"
              + " backend's transactions: take the stores and the transactor from one backend"
              + " (Backend.ports()), or pass Transactor.direct() to let each write commit on its own")
          .retryable(false).build();
    }
  }
}
