package dev.operon.runtime;

import dev.operon.error.OperonException;
import dev.operon.notify.ChannelNames;
import dev.operon.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LogTailer} reads, validated when built. Start from {@link #defaults()} and change
 * what you need with the {@code with...} methods.
 *
 * @param batchSize the most events handed to the handler at once, 1 to {@value #MAX_BATCH_SIZE}
 *     (default 500)
 * @param pollPeriod how often the tailer reads the log when no notification woke it, on its clock
 *     (default 1 s); polling is what makes it correct, a notification only makes it fast
 * @param channel the {@link dev.operon.notify.ChangeNotifier} channel that wakes it (default
 *     {@value LogTailer#EVENTS_CHANNEL})
 * @param backoff the delays before the retries of a batch whose handling failed (default
 *     {@link RetryPolicy#DEFAULT}: 1 s, doubling to at most 30 s, ±10%). The tailer never gives up
 *     on a batch (skipping it would lose events), so only the delays count, not maxAttempts
 */
public record TailerSettings(int batchSize, Duration pollPeriod, String channel, RetryPolicy backoff) {
  /** The largest batch. */
  public static final int MAX_BATCH_SIZE = 10_000;

  public TailerSettings {
    Objects.requireNonNull(pollPeriod, "pollPeriod");
    Objects.requireNonNull(backoff, "backoff");
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw OperonException.invalid("batchSize must be 1-" + MAX_BATCH_SIZE + ", was " + batchSize);
    }
    if (!pollPeriod.isPositive()) {
      throw OperonException.invalid("pollPeriod must be positive, was " + pollPeriod);
    }
    ChannelNames.require(channel);
  }

  /** Batches of 500, a poll every second, channel {@value LogTailer#EVENTS_CHANNEL}, {@link RetryPolicy#DEFAULT}. */
  public static TailerSettings defaults() {
    return new TailerSettings(500, Duration.ofSeconds(1), LogTailer.EVENTS_CHANNEL, RetryPolicy.DEFAULT);
  }

  public TailerSettings withBatchSize(int value) {
    return new TailerSettings(value, pollPeriod, channel, backoff);
  }

  public TailerSettings withPollPeriod(Duration value) {
    return new TailerSettings(batchSize, value, channel, backoff);
  }

  public TailerSettings withChannel(String value) {
    return new TailerSettings(batchSize, pollPeriod, value, backoff);
  }

  public TailerSettings withBackoff(RetryPolicy value) {
    return new TailerSettings(batchSize, pollPeriod, channel, value);
  }
}
