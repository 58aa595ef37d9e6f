package dev.operon.nats;

import dev.operon.queue.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tasks this process handed out on their last allowed delivery and that are not yet settled. When
 * such a task's ack wait (plus a grace period) runs out, the queue dead-letters it without waiting
 * for JetStream to redeliver it to some fetch, so that dead letters and stats are up to date even
 * when nobody fetches. If this process dies, the redelivery path still dead-letters the task.
 */
final class LastDeliveries {
  private static final Duration GRACE = Duration.ofMillis(250);

  /** A last delivery: the task, its stream sequence and when its ack wait runs out. */
  record Pending(Task task, long streamSequence, long expiresAtNanos) {}

  private final ConcurrentMap<String, Pending> byReceipt = new ConcurrentHashMap<>();
  private final long waitNanos;

  LastDeliveries(Duration ackWait) {
    this.waitNanos = ackWait.plus(GRACE).toNanos();
  }

  void delivered(Task task, long streamSequence) {
    byReceipt.put(task.receipt(), new Pending(task, streamSequence, System.nanoTime() + waitNanos));
  }

  void settled(String receipt) {
    byReceipt.remove(receipt);
  }

  /** Removes and returns the pending last deliveries of {@code queue} whose ack wait ran out. */
  List<Pending> takeExpired(String queue) {
    if (byReceipt.isEmpty()) {
      return List.of();
    }
    long now = System.nanoTime();
    List<Pending> expired = new ArrayList<>();
    for (Pending pending : byReceipt.values()) {
      if (pending.task().queue().equals(queue) && now - pending.expiresAtNanos() >= 0
          && byReceipt.remove(pending.task().receipt(), pending)) {
        expired.add(pending);
      }
    }
    return expired;
  }
}
