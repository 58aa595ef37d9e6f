package dev.operon.queue;

import dev.operon.notify.ChangeNotifier;
import java.time.Duration;
import java.util.List;

/**
 * At-least-once work distribution over named queues.
 *
 * <p>A fetched task is invisible to other consumers until it is acknowledged, nak'ed, terminated,
 * or its ack wait ({@link QueueSettings#ackWait()}) runs out, after which it is delivered again.
 * A task delivered {@link QueueSettings#maxDeliveries()} times without an ack goes to the queue's
 * dead-letter queue. Queue names are 1-64 characters of letters, digits, '-', '_' and '.'.
 * Implementations are thread-safe.
 */
public interface TaskQueue extends AutoCloseable {

  /** Publishes a task; returns its id (or, for a duplicate dedup key, the first task's id). */
  String publish(String queue, byte[] payload, PublishOptions options);

  /** Publishes a task at once, without dedup. */
  default String publish(String queue, byte[] payload) {
    return publish(queue, payload, PublishOptions.NOW);
  }

  /**
   * Publishes many tasks to one queue at once, in order; returns their ids in the same order. When
   * it returns, every task is stored, as after as many {@link #publish} calls, but adapters write
   * them in one transaction or one pipelined burst. {@code options} apply to every task and must
   * not carry a dedup key (each task would share it).
   */
  default List<String> publishAll(String queue, List<byte[]> payloads, PublishOptions options) {
    requireBatch(queue, payloads, options);
    List<String> ids = new java.util.ArrayList<>(payloads.size());
    for (byte[] payload : payloads) {
      ids.add(publish(queue, payload, options));
    }
    return ids;
  }

  /**
   * Checks the arguments of {@link #publishAll} for every adapter alike: a valid queue name, no
   * null payload, and no dedup key (which a batch cannot share).
   */
  static void requireBatch(String queue, List<byte[]> payloads, PublishOptions options) {
    QueueNames.require(queue);
    java.util.Objects.requireNonNull(payloads, "payloads");
    java.util.Objects.requireNonNull(options, "options");
    requireNoDedupKey(options);
    payloads.forEach(p -> java.util.Objects.requireNonNull(p, "payloads must not contain null"));
  }

  /** Throws a VALIDATION error if {@code options} carry a dedup key, which a batch cannot share. */
  static void requireNoDedupKey(PublishOptions options) {
    if (options.dedupKey() != null) {
      throw dev.operon.error.OperonException.invalid("publishAll cannot take a dedup key (was '"
          + options.dedupKey() + "'): publish tasks with dedup keys one at a time");
    }
  }

  /**
   * Fetches up to {@code max} ready tasks, waiting up to {@code timeout} for at least one.
   * Returns an empty list if none became ready in time.
   */
  List<Task> fetch(String queue, int max, Duration timeout);

  /** Acknowledges a task: it is done and is never delivered again. */
  void ack(Task task);

  /** Acknowledges many tasks at once, e.g. the batch one fetch returned; see {@link #ack}. */
  default void ackAll(List<Task> tasks) {
    tasks.forEach(this::ack);
  }

  /**
   * Gives a task back to be delivered again after {@code delay}, or sends it to the dead-letter
   * queue if it has reached the maximum number of deliveries.
   */
  void nak(Task task, Duration delay);

  /** Moves a task to the dead-letter queue at once, with a reason. */
  void terminate(Task task, String reason);

  /** Depth, oldest age and dead-letter count of {@code queue}. */
  QueueStats stats(String queue);

  /** Up to {@code limit} dead letters of {@code queue}, oldest first. */
  List<DeadLetter> deadLetters(String queue, int limit);

  /**
   * Wakes this queue's waiting fetchers in other processes through {@code notifier}: a queue whose
   * fetchers poll announces each publish on it and listens there, so a fetch waits for the next
   * task instead of the next poll (polling stays the correctness path). A queue whose broker
   * pushes tasks to its fetchers (NATS JetStream) or that lives in one process ignores it.
   */
  default void wakeUpsVia(ChangeNotifier notifier) {}

  /** Releases connections and threads. */
  @Override
  default void close() {}
}
