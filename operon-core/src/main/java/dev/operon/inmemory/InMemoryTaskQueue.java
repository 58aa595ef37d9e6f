package dev.operon.inmemory;

import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.queue.DeadLetter;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.QueueNames;
import dev.operon.queue.QueueSettings;
import dev.operon.queue.QueueStats;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.BackendOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TaskQueue} in memory. Visibility, delays and ack waits follow the injected clock; a
 * waiting fetch re-checks at least every {@value #RECHECK_MILLIS} ms, so moving a manual clock
 * wakes it without a publish.
 */
public final class InMemoryTaskQueue implements TaskQueue {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryTaskQueue.class);
  private static final long RECHECK_MILLIS = 20;

  private final Clock clock;
  private final QueueSettings settings;
  private final IdGenerator ids;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, MemoryQueue> queues = new HashMap<>();

  /** A queue on {@code options}' clock with {@code options.queue()} delivery settings. */
  public InMemoryTaskQueue(BackendOptions options) {
    this.clock = options.clock();
    this.settings = options.queue();
    this.ids = new IdGenerator(options.clock());
  }

  @Override
  public String publish(String queue, byte[] payload, PublishOptions options) {
    QueueNames.require(queue);
    if (payload == null) {
      throw OperonException.invalid("Task payload must not be null (queue '" + queue + "'); use an empty array");
    }
    Objects.requireNonNull(options, "options");
    lock.lock();
    try {
      MemoryQueue q = queue(queue);
      Optional<String> existing = q.idFor(options.dedupKey());
      if (existing.isPresent()) {
        return existing.get();
      }
      Instant now = clock.instant();
      String id = ids.next();
      q.add(new QueuedTask(id, payload.clone(), now, now.plus(options.delay()), options.dedupKey()));
      changed.signalAll();
      return id;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Task> fetch(String queue, int max, Duration timeout) {
    QueueNames.require(queue);
    if (max < 1) {
      throw OperonException.invalid("fetch max must be >= 1, was " + max);
    }
    if (timeout == null || timeout.isNegative()) {
      throw OperonException.invalid("fetch timeout must not be negative, was " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        List<Task> tasks = queue(queue).take(max, clock.instant());
        long remaining = deadline - System.nanoTime();
        if (!tasks.isEmpty() || remaining <= 0) {
          return tasks;
        }
        changed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void ack(Task task) {
    lock.lock();
    try {
      MemoryQueue q = queue(task.queue());
      QueuedTask stored = q.get(task.id());
      if (stored != null) {
        q.remove(stored);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void nak(Task task, Duration delay) {
    if (delay == null || delay.isNegative()) {
      throw OperonException.invalid("nak delay must not be negative, was " + delay);
    }
    lock.lock();
    try {
      MemoryQueue q = queue(task.queue());
      QueuedTask stored = current(q, task);
      if (stored == null) {
        return;
      }
      Instant now = clock.instant();
      if (q.reachedMaxDeliveries(stored)) {
        q.deadLetter(stored, q.maxDeliveriesReason() + " (last delivery nak'ed)", now);
      } else {
        stored.release(now, delay);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void terminate(Task task, String reason) {
    lock.lock();
    try {
      MemoryQueue q = queue(task.queue());
      QueuedTask stored = current(q, task);
      if (stored != null) {
        String why = reason == null || reason.isBlank() ? "terminated by a consumer" : reason;
        q.deadLetter(stored, why, clock.instant());
      }
    } finally {
      lock.unlock();
    }
  }

  /** The stored task if {@code task} is its current delivery; a stale delivery is ignored. */
  private static QueuedTask current(MemoryQueue q, Task task) {
    QueuedTask stored = q.get(task.id());
    if (stored == null || !stored.isCurrentDelivery(task)) {
      LOG.debug("Ignoring a stale delivery {} of task {} in queue {}", task.delivery(), task.id(), task.queue());
      return null;
    }
    return stored;
  }

  @Override
  public QueueStats stats(String queue) {
    QueueNames.require(queue);
    lock.lock();
    try {
      return queue(queue).stats(clock.instant());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<DeadLetter> deadLetters(String queue, int limit) {
    QueueNames.require(queue);
    if (limit < 0) {
      throw OperonException.invalid("limit must be >= 0, was " + limit);
    }
    lock.lock();
    try {
      return queue(queue).deadLetters(limit, clock.instant());
    } finally {
      lock.unlock();
    }
  }

  private MemoryQueue queue(String name) {
    return queues.computeIfAbsent(name, n -> new MemoryQueue(n, settings));
  }
}
