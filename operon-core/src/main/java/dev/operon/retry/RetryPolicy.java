package dev.operon.retry;

import dev.operon.error.ErrorAction;
import dev.operon.error.ErrorBehaviour;
import dev.operon.error.OperonException;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter. Attempt 1 is the first try; before retry {@code n} (attempt
 * n+1) the policy waits {@code min(maxDelay, initialDelay * multiplier^(n-1))}, spread by
 * {@code ±jitter} (a fraction between 0 and 1) so that many clients do not retry in step.
 *
 * @param maxAttempts total tries including the first, at least 1
 * @param initialDelay delay before the first retry
 * @param multiplier growth per retry, at least 1
 * @param maxDelay upper bound of any delay before jitter
 * @param jitter fraction of the delay added or removed at random, in [0, 1]
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {

  /** 3 retries after 1 s, 2 s, 4 s (±10%): the default of {@link dev.operon.error.ErrorCategory#INFRASTRUCTURE}. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.1);

  /** Never retry. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0);

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw OperonException.invalid("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (initialDelay.isNegative()) {
      throw OperonException.invalid("initialDelay must not be negative, was " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw OperonException.invalid(
          "maxDelay (" + maxDelay + ") must be >= initialDelay (" + initialDelay + ")");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw OperonException.invalid("multiplier must be a finite number >= 1, was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw OperonException.invalid("jitter must be within [0, 1], was " + jitter);
    }
  }

  /** The policy that matches an error category's default behaviour. */
  public static RetryPolicy of(ErrorBehaviour behaviour) {
    if (behaviour.action() != ErrorAction.RETRY) {
      return NONE;
    }
    Duration first = behaviour.firstDelay();
    Duration max = first.multipliedBy(1L << Math.min(behaviour.maxRetries(), 30));
    return new RetryPolicy(behaviour.maxRetries() + 1, first, 2.0, max, 0.0);
  }

  /** Whether another try may follow try number {@code attempt} (1-based). */
  public boolean allowsRetryAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /** The delay before retry {@code retry} (1-based) without jitter. */
  public Duration baseDelay(int retry) {
    if (retry < 1) {
      throw OperonException.invalid("retry is 1-based, was " + retry);
    }
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, retry - 1);
    long capped = (long) Math.min(nanos, (double) maxDelay.toNanos());
    return Duration.ofNanos(capped);
  }

  /** The delay before retry {@code retry} (1-based) with jitter drawn from {@code random}. */
  public Duration delay(int retry, RandomGenerator random) {
    Duration base = baseDelay(retry);
    if (jitter == 0.0 || base.isZero()) {
      return base;
    }
    double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
    return Duration.ofNanos((long) (base.toNanos() * factor));
  }
}
