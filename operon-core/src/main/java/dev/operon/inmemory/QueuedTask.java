package dev.operon.inmemory;

import dev.operon.queue.DeadLetter;
import dev.operon.queue.Task;
import java.time.Duration;
import java.time.Instant;

/** One unfinished task of an in-memory queue; mutated only under the queue's lock. */
final class QueuedTask {
  final String id;
  final byte[] payload;
  final Instant publishedAt;
  final String dedupKey;
  Instant visibleAt;
  int deliveries;
  boolean inFlight;
  String receipt;

  QueuedTask(String id, byte[] payload, Instant publishedAt, Instant visibleAt, String dedupKey) {
    this.id = id;
    this.payload = payload;
    this.publishedAt = publishedAt;
    this.visibleAt = visibleAt;
    this.dedupKey = dedupKey;
  }

  boolean ready(Instant now) {
    return !inFlight && !visibleAt.isAfter(now);
  }

  boolean ackWaitOver(Instant now) {
    return inFlight && !visibleAt.isAfter(now);
  }

  /** Hands the task out for one more delivery, invisible for {@code ackWait}. */
  Task deliver(String queue, Instant now, Duration ackWait) {
    deliveries++;
    inFlight = true;
    visibleAt = now.plus(ackWait);
    receipt = id + "#" + deliveries;
    return new Task(queue, id, payload.clone(), deliveries, publishedAt, receipt);
  }

  /** Makes the task fetchable again after {@code delay}. */
  void release(Instant now, Duration delay) {
    inFlight = false;
    visibleAt = now.plus(delay);
  }

  boolean isCurrentDelivery(Task task) {
    return inFlight && receipt.equals(task.receipt());
  }

  DeadLetter toDeadLetter(String queue, String reason, Instant now) {
    return new DeadLetter(queue, id, payload, deliveries, reason, now);
  }
}
