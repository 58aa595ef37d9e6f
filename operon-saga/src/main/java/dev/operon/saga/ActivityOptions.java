package dev.operon.saga;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.operon.error.OperonException;
import dev.operon.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an activity: its class defaults ({@link Activity#options()}), or one call's
 * ({@link Step#options}).
 *
 * @param timeout how long one attempt may run (default 300 s)
 * @param retry tries of a failing attempt. An {@link OperonException} that is not retryable (for
 *     example kind ACTIVITY_EXECUTION, a domain error) is never retried; any other exception is,
 *     up to {@code retry.maxAttempts()} tries. The default makes 3 retries after 1 s, 2 s, 4 s.
 * @param heartbeatTimeout the longest an attempt may go without {@link ActivityContext#heartbeat}
 *     (counted from its start) before it is timed out and retried; zero (the default) for none
 */
public record ActivityOptions(
    @JsonProperty("timeout") Duration timeout,
    @JsonProperty("retry") RetryPolicy retry,
    @JsonProperty("heartbeat_timeout") Duration heartbeatTimeout) {
  /** The default timeout of an attempt. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

  /** 300 s per attempt, 3 retries with exponential backoff, no heartbeat timeout. */
  public static final ActivityOptions DEFAULT = new ActivityOptions(DEFAULT_TIMEOUT, RetryPolicy.DEFAULT);

  public ActivityOptions {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retry, "retry");
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ZERO : heartbeatTimeout;
    if (!timeout.isPositive()) {
      throw OperonException.invalid("activity timeout must be positive, was " + timeout);
    }
    if (heartbeatTimeout.isNegative()) {
      throw OperonException.invalid("activity heartbeatTimeout must be zero (none) or positive, was "
          + heartbeatTimeout);
    }
  }

  /** Options without a heartbeat timeout. */
  public ActivityOptions(Duration timeout, RetryPolicy retry) {
    this(timeout, retry, Duration.ZERO);
  }

  /** These options with another retry policy. */
  public ActivityOptions withRetry(RetryPolicy value) {
    return new ActivityOptions(timeout, value, heartbeatTimeout);
  }

  /** These options with another timeout. */
  public ActivityOptions withTimeout(Duration value) {
    return new ActivityOptions(value, retry, heartbeatTimeout);
  }

  /** These options with another heartbeat timeout (zero: none). */
  public ActivityOptions withHeartbeatTimeout(Duration value) {
    return new ActivityOptions(timeout, retry, value);
  }
}
