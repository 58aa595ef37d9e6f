package dev.operon.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.retry.RetryPolicy;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TailerSettingsTest {
  @Test
  void defaultsAreBatchesOf500APollEverySecondTheEventsChannelAndTheDefaultBackoff() {
    TailerSettings defaults = TailerSettings.defaults();
    assertThat(defaults.batchSize()).isEqualTo(500);
    assertThat(defaults.pollPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.channel()).isEqualTo(LogTailer.EVENTS_CHANNEL).isEqualTo("operon.events");
    assertThat(defaults.backoff()).isEqualTo(RetryPolicy.DEFAULT);
  }

  @Test
  void withersChangeOneSetting() {
    TailerSettings settings = TailerSettings.defaults().withBatchSize(7).withPollPeriod(Duration.ofMillis(250))
        .withChannel("orders.log").withBackoff(RetryPolicy.NONE);
    assertThat(settings).isEqualTo(new TailerSettings(7, Duration.ofMillis(250), "orders.log", RetryPolicy.NONE));
  }

  @Test
  void invalidSettingsAreValidationErrors() {
    TailerSettings defaults = TailerSettings.defaults();
    assertValidation(() -> defaults.withBatchSize(0));
    assertValidation(() -> defaults.withBatchSize(TailerSettings.MAX_BATCH_SIZE + 1));
    assertValidation(() -> defaults.withPollPeriod(Duration.ZERO));
    assertValidation(() -> defaults.withPollPeriod(Duration.ofSeconds(-1)));
    assertValidation(() -> defaults.withChannel("no spaces"));
    assertValidation(() -> defaults.withChannel(null));
    assertThat(defaults.withBatchSize(TailerSettings.MAX_BATCH_SIZE).batchSize()).isEqualTo(10_000);
  }

  @Test
  void aConsumerNameIsCheckedWhenTheTailerIsBuilt() {
    assertValidation(() -> LogTailer.builder(" ", events -> {}));
    assertValidation(() -> LogTailer.builder("c".repeat(201), events -> {}));
  }

  private static void assertValidation(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
  }
}
