package dev.operon.saga.testing;

import dev.operon.queue.DeadLetter;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.QueueStats;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A task queue that notes when each delayed task (an activity retry after its backoff) becomes
 * ready, so that the test environment can move its clock to that moment.
 */
final class DelayedTaskLog implements TaskQueue {
  private final TaskQueue queue;
  private final Clock clock;
  private final ConcurrentSkipListSet<Instant> readyAt = new ConcurrentSkipListSet<>();

  DelayedTaskLog(TaskQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  /** The earliest moment after now at which a delayed task becomes ready. */
  Optional<Instant> nextReady() {
    readyAt.headSet(clock.instant(), true).clear();
    return readyAt.isEmpty() ? Optional.empty() : Optional.of(readyAt.first());
  }

  @Override
  public String publish(String queueName, byte[] payload, PublishOptions options) {
    String id = queue.publish(queueName, payload, options);
    if (options.delay().isPositive()) {
      readyAt.add(clock.instant().plus(options.delay()));
    }
    return id;
  }

  @Override
  public List<Task> fetch(String queueName, int max, Duration timeout) {
    return queue.fetch(queueName, max, timeout);
  }

  @Override
  public void ack(Task task) {
    queue.ack(task);
  }

  @Override
  public void nak(Task task, Duration delay) {
    queue.nak(task, delay);
    if (delay.isPositive()) {
      readyAt.add(clock.instant().plus(delay));
    }
  }

  @Override
  public void terminate(Task task, String reason) {
    queue.terminate(task, reason);
  }

  @Override
  public QueueStats stats(String queueName) {
    return queue.stats(queueName);
  }

  @Override
  public List<DeadLetter> deadLetters(String queueName, int limit) {
    return queue.deadLetters(queueName, limit);
  }

  @Override
  public void close() {
    queue.close();
  }
}
