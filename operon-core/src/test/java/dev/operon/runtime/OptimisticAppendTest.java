package dev.operon.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ConflictException;
import dev.operon.error.ErrorCategory;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OptimisticAppendTest {
  private final AtomicInteger tries = new AtomicInteger();

  @Test
  void aTryThatLosesTheRaceIsMadeAgainOnWhatItLoadsAfresh() {
    String result = OptimisticAppend.withDefaultTries().run("order-1", "recording payment", () -> {
      int n = tries.incrementAndGet();
      if (n < 3) {
        throw new ConflictException("order-1", n, n + 1);
      }
      return "appended on try " + n;
    });

    assertThat(result).isEqualTo("appended on try 3");
    assertThat(tries).hasValue(3);
  }

  @Test
  void givingUpIsOneConcurrencyErrorNamingTheStreamAndTheTries() {
    OptimisticAppend retrying = OptimisticAppend.withTries(4);

    assertThatThrownBy(() -> retrying.run("order-1", "recording payment", Map.of("saga", "order-1"), () -> {
      tries.incrementAndGet();
      throw new ConflictException("order-1", 1, 2);
    }))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e).isNotInstanceOf(ConflictException.class);
          assertThat(e.kind()).isEqualTo(ErrorKind.CONCURRENCY);
          assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT_DOMAIN);
          assertThat(e.streamId()).contains("order-1");
          assertThat(e.sagaId()).contains("order-1");
          assertThat(e.getCause()).isInstanceOf(ConflictException.class);
        })
        .hasMessageContaining("recording payment").hasMessageContaining("'order-1'")
        .hasMessageContaining("after 4 tries");
    assertThat(tries).hasValue(4);
  }

  @Test
  void anyOtherFailureEndsTheRetriesAsItWas() {
    IllegalStateException broken = new IllegalStateException("decider failed");

    assertThatThrownBy(() -> OptimisticAppend.withDefaultTries().run("order-1", "deciding", () -> {
      tries.incrementAndGet();
      throw broken;
    })).isSameAs(broken);
    assertThat(tries).hasValue(1);
  }

  @Test
  void triesMustBePositive() {
    assertThatThrownBy(() -> OptimisticAppend.withTries(0))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("tries");
    assertThat(OptimisticAppend.withDefaultTries().tries()).isEqualTo(OptimisticAppend.DEFAULT_TRIES);
  }
}
