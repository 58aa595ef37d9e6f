package dev.operon.testkit;

import dev.operon.runtime.ManualClock;

/**
 * What an adapter supports beyond what every adapter must do. A contract test that needs a
 * capability the adapter lacks shows up as an aborted (skipped) test naming the capability, never
 * as a missing one.
 *
 * @param manualClock the adapter takes visibility, ack-wait, delays and timestamps from the injected
 *     clock, so tests move time with {@link ManualClock#advance}; when false, tests use short real
 *     durations and poll with a deadline
 * @param exactDedup a dedup key is remembered exactly as long as its task is unfinished (acked or
 *     dead-lettered ends it), rather than for a time window
 * @param queueOldestAge queue stats report the age of the oldest unfinished task
 * @param channelIsolation a notification on one channel wakes only that channel's subscribers
 *     (false for a notifier that wakes every subscriber on each poll)
 */
public record Capabilities(
    boolean manualClock, boolean exactDedup, boolean queueOldestAge, boolean channelIsolation) {

  /** Everything supported. */
  public static Capabilities all() {
    return new Capabilities(true, true, true, true);
  }

  /** These capabilities with {@link #manualClock()} set to {@code value}. */
  public Capabilities withManualClock(boolean value) {
    return new Capabilities(value, exactDedup, queueOldestAge, channelIsolation);
  }

  /** These capabilities with {@link #exactDedup()} set to {@code value}. */
  public Capabilities withExactDedup(boolean value) {
    return new Capabilities(manualClock, value, queueOldestAge, channelIsolation);
  }

  /** These capabilities with {@link #queueOldestAge()} set to {@code value}. */
  public Capabilities withQueueOldestAge(boolean value) {
    return new Capabilities(manualClock, exactDedup, value, channelIsolation);
  }

  /** These capabilities with {@link #channelIsolation()} set to {@code value}. */
  public Capabilities withChannelIsolation(boolean value) {
    return new Capabilities(manualClock, exactDedup, queueOldestAge, value);
  }
}
