package dev.operon.saga;

import dev.operon.error.OperonException;
import dev.operon.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-activity settings.
 *
 * @param timeout how long one attempt may run (default 300 s, seed 004 §12)
 * @param retry tries of a failing attempt. An {@link OperonException} that is not retryable (for
 *     example kind ACTIVITY_EXECUTION, a domain error) is never retried; any other exception is,
 *     up to {@code retry.maxAttempts()} tries. The default makes 3 retries after 1 s, 2 s, 4 s.
 */
public record ActivityOptions(Duration timeout, RetryPolicy retry) {
  /** The default timeout of an attempt. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

  /** 300 s per attempt, 3 retries with exponential backoff. */
  public static final ActivityOptions DEFAULT = new ActivityOptions(DEFAULT_TIMEOUT, RetryPolicy.DEFAULT);

  public ActivityOptions {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retry, "retry");
    if (!timeout.isPositive()) {
      throw OperonException.invalid("activity timeout must be positive, was " + timeout);
    }
  }

  /** These options with another retry policy. */
  public ActivityOptions withRetry(RetryPolicy value) {
    return new ActivityOptions(timeout, value);
  }

  /** These options with another timeout. */
  public ActivityOptions withTimeout(Duration value) {
    return new ActivityOptions(value, retry);
  }
}
