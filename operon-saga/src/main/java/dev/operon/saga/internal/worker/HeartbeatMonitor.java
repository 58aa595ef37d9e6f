package dev.operon.saga.internal.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.saga.internal.Json;
import java.time.Duration;

/**
 * The heartbeats of one running activity attempt: when the last one came (monotonic time) and its
 * details. Written by the attempt's thread, read by the thread that waits for it.
 */
final class HeartbeatMonitor {
  private final Duration timeout;
  private volatile long lastBeatNanos;
  private volatile JsonNode details;

  /** A monitor of an attempt starting now; {@code timeout} zero means no heartbeat is required. */
  HeartbeatMonitor(Duration timeout) {
    this.timeout = timeout;
    this.lastBeatNanos = System.nanoTime();
  }

  /** Records a heartbeat with {@code value} as its details. */
  void beat(Object value) {
    details = Json.tree(value);
    lastBeatNanos = System.nanoTime();
  }

  /** The details of the last heartbeat, or null if none came. */
  JsonNode details() {
    return details;
  }

  /** Whether a heartbeat timeout applies. */
  boolean required() {
    return timeout.isPositive();
  }

  /** The timeout. */
  Duration timeout() {
    return timeout;
  }

  /** Nanoseconds left before the attempt counts as dead (negative once it does). */
  long nanosLeft() {
    return lastBeatNanos + timeout.toNanos() - System.nanoTime();
  }
}
