package dev.operon.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorCategory;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.time.Duration;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final RetryPolicy NO_JITTER =
      new RetryPolicy(5, Duration.ofMillis(100), 2.0, Duration.ofMillis(500), 0.0);

  @Test
  void delaysGrowByTheMultiplier() {
    assertThat(NO_JITTER.baseDelay(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(NO_JITTER.baseDelay(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(NO_JITTER.baseDelay(3)).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void delaysAreCappedAtMaxDelay() {
    assertThat(NO_JITTER.baseDelay(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(NO_JITTER.baseDelay(60)).isEqualTo(Duration.ofMillis(500));
    assertThat(NO_JITTER.baseDelay(10_000)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void withoutJitterTheDelayIsTheBaseDelay() {
    SplittableRandom random = new SplittableRandom(1);
    for (int retry = 1; retry <= 6; retry++) {
      assertThat(NO_JITTER.delay(retry, random)).isEqualTo(NO_JITTER.baseDelay(retry));
    }
  }

  @Test
  void jitterStaysWithinItsBoundsAndVaries() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.25);
    SplittableRandom random = new SplittableRandom(42);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 10_000; i++) {
      long millis = policy.delay(2, random).toMillis();
      min = Math.min(min, millis);
      max = Math.max(max, millis);
    }
    assertThat(min).isGreaterThanOrEqualTo(1500);
    assertThat(max).isLessThanOrEqualTo(2500);
    assertThat(max - min).as("jitter spreads the delays").isGreaterThan(500);
  }

  @Test
  void defaultIsThreeRetriesAfterOneTwoFourSeconds() {
    assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(4);
    assertThat(RetryPolicy.DEFAULT.baseDelay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryPolicy.DEFAULT.baseDelay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryPolicy.DEFAULT.baseDelay(3)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void allowsRetryUntilMaxAttempts() {
    assertThat(NO_JITTER.allowsRetryAfter(1)).isTrue();
    assertThat(NO_JITTER.allowsRetryAfter(4)).isTrue();
    assertThat(NO_JITTER.allowsRetryAfter(5)).isFalse();
    assertThat(RetryPolicy.NONE.allowsRetryAfter(1)).isFalse();
  }

  @Test
  void policyOfACategoryFollowsItsBehaviour() {
    RetryPolicy infra = RetryPolicy.of(ErrorCategory.INFRASTRUCTURE.behaviour());
    assertThat(infra.maxAttempts()).isEqualTo(4);
    assertThat(infra.baseDelay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(infra.baseDelay(3)).isEqualTo(Duration.ofSeconds(4));
    RetryPolicy transientDomain = RetryPolicy.of(ErrorCategory.TRANSIENT_DOMAIN.behaviour());
    assertThat(transientDomain.maxAttempts()).isEqualTo(2);
    assertThat(transientDomain.baseDelay(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(RetryPolicy.of(ErrorCategory.VALIDATION.behaviour())).isEqualTo(RetryPolicy.NONE);
    assertThat(RetryPolicy.of(ErrorCategory.DOMAIN.behaviour())).isEqualTo(RetryPolicy.NONE);
    assertThat(RetryPolicy.of(ErrorCategory.FATAL.behaviour())).isEqualTo(RetryPolicy.NONE);
  }

  @Test
  void invalidSettingsAreRejectedNamingTheField() {
    Duration s = Duration.ofSeconds(1);
    assertInvalid(() -> new RetryPolicy(0, s, 2, s, 0), "maxAttempts");
    assertInvalid(() -> new RetryPolicy(1, Duration.ofMillis(-1), 2, s, 0), "initialDelay");
    assertInvalid(() -> new RetryPolicy(1, s, 2, Duration.ofMillis(10), 0), "maxDelay");
    assertInvalid(() -> new RetryPolicy(1, s, 0.5, s, 0), "multiplier");
    assertInvalid(() -> new RetryPolicy(1, s, Double.NaN, s, 0), "multiplier");
    assertInvalid(() -> new RetryPolicy(1, s, Double.POSITIVE_INFINITY, s, 0), "multiplier");
    assertInvalid(() -> new RetryPolicy(1, s, 2, s, -0.1), "jitter");
    assertInvalid(() -> new RetryPolicy(1, s, 2, s, 1.1), "jitter");
    assertInvalid(() -> new RetryPolicy(1, s, 2, s, Double.NaN), "jitter");
    assertInvalid(() -> NO_JITTER.baseDelay(0), "retry");
  }

  private static void assertInvalid(ThrowingCallable call, String field) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
      assertThat(e.getMessage()).contains(field);
    });
  }
}
