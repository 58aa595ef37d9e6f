package dev.operon.testkit;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {
  private static final Duration LONG = Duration.ofSeconds(20);

  @Test
  void retriesAFailingAssertionUntilItPasses() {
    AtomicInteger tries = new AtomicInteger();
    eventually(LONG, () -> assertThat(tries.incrementAndGet()).isGreaterThanOrEqualTo(3));
    assertThat(tries.get()).isEqualTo(3);
  }

  @Test
  void returnsWhatTheSupplierReturnedOnceItPasses() {
    AtomicInteger tries = new AtomicInteger();
    String found = eventually(LONG, () -> {
      assertThat(tries.incrementAndGet()).isEqualTo(2);
      return "found on try " + tries.get();
    });
    assertThat(found).isEqualTo("found on try 2");
  }

  @Test
  void afterTheTimeoutRethrowsTheLastFailureSayingHowLongItWaited() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> eventually(Duration.ofMillis(50),
        () -> assertThat(tries.incrementAndGet()).as("try").isNegative()))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("still failing after waiting ")
        .hasMessageContaining(" ms (")
        .hasMessageContaining("[try]")
        .cause().isInstanceOf(AssertionError.class).hasMessageContaining(String.valueOf(tries.get()));
    assertThat(tries.get()).isGreaterThan(1);
  }

  @Test
  void anExceptionThatIsNoAssertionFailureEndsTheWaitAtOnce() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> eventually(LONG, () -> {
      tries.incrementAndGet();
      throw new IllegalStateException("broken");
    })).isInstanceOf(IllegalStateException.class).hasMessage("broken");
    assertThat(tries.get()).isEqualTo(1);
  }

  @Test
  void aCheckedExceptionEndsTheWaitWrapped() {
    assertThatThrownBy(() -> eventually(LONG, () -> {
      throw new java.io.IOException("gone");
    })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(java.io.IOException.class);
  }
}
