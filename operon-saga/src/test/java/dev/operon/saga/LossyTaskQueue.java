package dev.operon.saga;

import dev.operon.queue.DeadLetter;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.QueueStats;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task queue that forwards every call, except that it silently loses what is published to the
 * queues named in {@link #lose}, as a queue that crashed before persisting them would. It notes the
 * delay of every task given back ({@link #nakDelays}), so a test on a manual clock can move the
 * clock past each one as it happens.
 */
class LossyTaskQueue implements TaskQueue {
  private final TaskQueue delegate;
  final Set<String> lose = ConcurrentHashMap.newKeySet();
  final AtomicInteger lost = new AtomicInteger();
  /** The delay of each task given back so far, in order. */
  final List<Duration> nakDelays = new CopyOnWriteArrayList<>();

  LossyTaskQueue(TaskQueue delegate) {
    this.delegate = delegate;
  }

  @Override
  public String publish(String queue, byte[] payload, PublishOptions options) {
    if (lose.contains(queue)) {
      lost.incrementAndGet();
      return "lost-" + lost.get();
    }
    return delegate.publish(queue, payload, options);
  }

  @Override
  public List<Task> fetch(String queue, int max, Duration timeout) {
    return delegate.fetch(queue, max, timeout);
  }

  @Override
  public void ack(Task task) {
    delegate.ack(task);
  }

  @Override
  public void nak(Task task, Duration delay) {
    delegate.nak(task, delay);
    nakDelays.add(delay);
  }

  @Override
  public void terminate(Task task, String reason) {
    delegate.terminate(task, reason);
  }

  @Override
  public QueueStats stats(String queue) {
    return delegate.stats(queue);
  }

  @Override
  public List<DeadLetter> deadLetters(String queue, int limit) {
    return delegate.deadLetters(queue, limit);
  }
}
