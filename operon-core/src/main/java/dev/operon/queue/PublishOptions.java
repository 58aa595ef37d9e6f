package dev.operon.queue;

import dev.operon.error.OperonException;
import java.time.Duration;
import java.util.Objects;

/**
 * How to publish a task.
 *
 * @param delay how long the task stays invisible before it can be fetched (zero: at once)
 * @param dedupKey if not null, a second publish with the same key on the same queue, while the
 *     first task is not yet acknowledged or dead-lettered, stores nothing and returns the first
 *     task's id
 */
public record PublishOptions(Duration delay, String dedupKey) {
  public static final PublishOptions NOW = new PublishOptions(Duration.ZERO, null);

  public PublishOptions {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw OperonException.invalid("delay must not be negative, was " + delay);
    }
    if (dedupKey != null && dedupKey.isBlank()) {
      throw OperonException.invalid("dedupKey must be null or non-blank");
    }
  }

  public static PublishOptions delayed(Duration delay) {
    return new PublishOptions(delay, null);
  }

  public static PublishOptions dedup(String key) {
    return new PublishOptions(Duration.ZERO, key);
  }

  public PublishOptions withDelay(Duration newDelay) {
    return new PublishOptions(newDelay, dedupKey);
  }

  public PublishOptions withDedupKey(String key) {
    return new PublishOptions(delay, key);
  }
}
