package dev.operon.nats;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits how often one process looks for due delayed tasks of a queue, so that busy fetchers do
 * not each pay an extra round trip. A delayed task is thus released at most one interval late.
 */
final class DelayedCheckSchedule {
  private final long intervalNanos;
  private final ConcurrentMap<String, AtomicLong> nextCheck = new ConcurrentHashMap<>();

  DelayedCheckSchedule(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** True for exactly one caller per interval and queue. */
  boolean due(String queue) {
    AtomicLong next = nextCheck.computeIfAbsent(queue, q -> new AtomicLong(System.nanoTime()));
    long now = System.nanoTime();
    long scheduled = next.get();
    return now - scheduled >= 0 && next.compareAndSet(scheduled, now + intervalNanos);
  }
}
