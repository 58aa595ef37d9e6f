package dev.operon.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.queue.QueueSettings;
import java.time.Clock;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class BackendOptionsTest {
  private static final BackendOptions D = BackendOptions.defaults();

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(D.clock()).isEqualTo(Clock.systemUTC());
    assertThat(D.tablePrefix()).isEqualTo("operon_");
    assertThat(D.maxSnapshots()).isEqualTo(5);
    assertThat(D.queue()).isEqualTo(QueueSettings.DEFAULT);
    assertThat(D.queue().ackWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(D.queue().maxDeliveries()).isEqualTo(3);
    assertThat(D.timerClaimTimeout()).isPositive();
    assertThat(D.hostId()).isNotBlank();
    assertThat(D.poolSize()).isEqualTo(10);
    assertThat(D.pollInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void withersChangeOneFieldOnly() {
    BackendOptions changed = D.withTablePrefix("app_").withMaxSnapshots(2).withHostId("h1")
        .withPoolSize(3).withPollInterval(Duration.ofMillis(250)).withTimerClaimTimeout(Duration.ofSeconds(9))
        .withQueue(new QueueSettings(Duration.ofSeconds(2), 7));
    assertThat(changed.tablePrefix()).isEqualTo("app_");
    assertThat(changed.maxSnapshots()).isEqualTo(2);
    assertThat(changed.hostId()).isEqualTo("h1");
    assertThat(changed.poolSize()).isEqualTo(3);
    assertThat(changed.pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(changed.timerClaimTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(changed.queue().maxDeliveries()).isEqualTo(7);
    assertThat(changed.clock()).isEqualTo(D.clock());
  }

  @Test
  void tablePrefixMustBeALetterThenUpTo29LettersDigitsOrUnderscores() {
    assertThat(D.withTablePrefix("a").tablePrefix()).isEqualTo("a");
    assertThat(D.withTablePrefix("a" + "b".repeat(29)).tablePrefix()).hasSize(30);
    for (String bad : new String[] {null, "", "1abc", "_x", "a-b", "a b", "a;drop", "a" + "b".repeat(30)}) {
      assertInvalid(() -> D.withTablePrefix(bad), "tablePrefix");
    }
  }

  @Test
  void numbersAndDurationsMustBePositive() {
    assertInvalid(() -> D.withMaxSnapshots(0), "maxSnapshots");
    assertInvalid(() -> D.withPoolSize(0), "poolSize");
    assertInvalid(() -> D.withTimerClaimTimeout(Duration.ZERO), "timerClaimTimeout");
    assertInvalid(() -> D.withPollInterval(Duration.ofMillis(-1)), "pollInterval");
    assertInvalid(() -> D.withHostId(" "), "hostId");
    assertInvalid(() -> D.withHostId(null), "hostId");
  }

  @Test
  void requiredObjectsMustNotBeNull() {
    assertThatThrownBy(() -> D.withClock(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
    assertThatThrownBy(() -> D.withQueue(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("queue");
  }

  @Test
  void queueSettingsAreValidated() {
    assertInvalid(() -> new QueueSettings(Duration.ZERO, 3), "ackWait");
    assertInvalid(() -> new QueueSettings(Duration.ofSeconds(1), 0), "maxDeliveries");
  }

  private static void assertInvalid(ThrowingCallable call, String field) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
      assertThat(e.getMessage()).contains(field);
    });
  }
}
