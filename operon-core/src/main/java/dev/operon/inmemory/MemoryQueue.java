package dev.operon.inmemory;

import dev.operon.queue.DeadLetter;
import dev.operon.queue.QueueSettings;
import dev.operon.queue.QueueStats;
import dev.operon.queue.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The state of one named in-memory queue; every method is called under the owner's lock. */
final class MemoryQueue {
  private final String name;
  private final QueueSettings settings;
  private final Map<String, QueuedTask> tasks = new LinkedHashMap<>();
  private final Map<String, String> idByDedupKey = new HashMap<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();

  MemoryQueue(String name, QueueSettings settings) {
    this.name = name;
    this.settings = settings;
  }

  /** The id of the unfinished task published with {@code dedupKey}, if any. */
  Optional<String> idFor(String dedupKey) {
    return dedupKey == null ? Optional.empty() : Optional.ofNullable(idByDedupKey.get(dedupKey));
  }

  void add(QueuedTask task) {
    tasks.put(task.id, task);
    if (task.dedupKey != null) {
      idByDedupKey.put(task.dedupKey, task.id);
    }
  }

  /** Delivers up to {@code max} ready tasks, oldest published first. */
  List<Task> take(int max, Instant now) {
    expireAckWaits(now);
    List<Task> taken = new ArrayList<>();
    for (QueuedTask task : tasks.values()) {
      if (taken.size() >= max) {
        break;
      }
      if (task.ready(now)) {
        taken.add(task.deliver(name, now, settings.ackWait()));
      }
    }
    return taken;
  }

  QueuedTask get(String id) {
    return tasks.get(id);
  }

  void remove(QueuedTask task) {
    tasks.remove(task.id);
    if (task.dedupKey != null) {
      idByDedupKey.remove(task.dedupKey, task.id);
    }
  }

  boolean reachedMaxDeliveries(QueuedTask task) {
    return task.deliveries >= settings.maxDeliveries();
  }

  void deadLetter(QueuedTask task, String reason, Instant now) {
    remove(task);
    deadLetters.add(task.toDeadLetter(name, reason, now));
  }

  String maxDeliveriesReason() {
    return "max deliveries (" + settings.maxDeliveries() + ") reached without ack";
  }

  /** Dead-letters in-flight tasks at their last delivery whose ack wait is over; frees the others. */
  void expireAckWaits(Instant now) {
    Iterator<QueuedTask> it = new ArrayList<>(tasks.values()).iterator();
    while (it.hasNext()) {
      QueuedTask task = it.next();
      if (!task.ackWaitOver(now)) {
        continue;
      }
      if (reachedMaxDeliveries(task)) {
        deadLetter(task, maxDeliveriesReason(), task.visibleAt);
      } else {
        task.release(task.visibleAt, Duration.ZERO);
      }
    }
  }

  QueueStats stats(Instant now) {
    expireAckWaits(now);
    Optional<Duration> oldest = tasks.values().stream()
        .map(t -> t.publishedAt)
        .min(Instant::compareTo)
        .map(t -> now.isAfter(t) ? Duration.between(t, now) : Duration.ZERO);
    return new QueueStats(tasks.size(), oldest, deadLetters.size());
  }

  List<DeadLetter> deadLetters(int limit, Instant now) {
    expireAckWaits(now);
    return List.copyOf(deadLetters.subList(0, Math.min(limit, deadLetters.size())));
  }
}
