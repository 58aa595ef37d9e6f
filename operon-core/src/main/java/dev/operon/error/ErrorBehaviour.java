package dev.operon.error;

import java.time.Duration;
import java.util.Objects;

/**
 * The default reaction to an error category: an action and, for {@link ErrorAction#RETRY}, how
 * many retries and the first delay (doubled on each further retry).
 */
public record ErrorBehaviour(ErrorAction action, int maxRetries, Duration firstDelay) {
  public ErrorBehaviour {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(firstDelay, "firstDelay");
    if (maxRetries < 0) {
      throw OperonException.invalid("maxRetries must be >= 0, was " + maxRetries);
    }
  }

  /** The delay before retry number {@code retry} (1-based): firstDelay * 2^(retry-1). */
  public Duration delayBefore(int retry) {
    if (retry < 1) {
      throw OperonException.invalid("retry is 1-based, was " + retry);
    }
    return firstDelay.multipliedBy(1L << Math.min(retry - 1, 30));
  }
}
