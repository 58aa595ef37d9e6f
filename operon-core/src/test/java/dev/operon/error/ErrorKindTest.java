package dev.operon.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorKindTest {
  /** The category of every kind, as the table in docs states it. */
  private static final Map<ErrorKind, ErrorCategory> EXPECTED = new EnumMap<>(Map.ofEntries(
      Map.entry(ErrorKind.EVENT_STORE, ErrorCategory.INFRASTRUCTURE),
      Map.entry(ErrorKind.CODEC, ErrorCategory.VALIDATION),
      Map.entry(ErrorKind.WORKFLOW_EXECUTION, ErrorCategory.FATAL),
      Map.entry(ErrorKind.STEP_EXECUTION, ErrorCategory.DOMAIN),
      Map.entry(ErrorKind.ACTIVITY_EXECUTION, ErrorCategory.DOMAIN),
      Map.entry(ErrorKind.TIMER_STORE, ErrorCategory.INFRASTRUCTURE),
      Map.entry(ErrorKind.SIGNAL_DISPATCHER, ErrorCategory.INFRASTRUCTURE),
      Map.entry(ErrorKind.TASK_QUEUE, ErrorCategory.INFRASTRUCTURE),
      Map.entry(ErrorKind.SNAPSHOT, ErrorCategory.INFRASTRUCTURE),
      Map.entry(ErrorKind.REPLAY, ErrorCategory.FATAL),
      Map.entry(ErrorKind.CONFIGURATION, ErrorCategory.VALIDATION),
      Map.entry(ErrorKind.VALIDATION, ErrorCategory.VALIDATION),
      Map.entry(ErrorKind.TIMEOUT, ErrorCategory.TRANSIENT_DOMAIN),
      Map.entry(ErrorKind.CANCELLED, ErrorCategory.FATAL),
      Map.entry(ErrorKind.CONCURRENCY, ErrorCategory.TRANSIENT_DOMAIN),
      Map.entry(ErrorKind.COMPENSATION, ErrorCategory.FATAL),
      Map.entry(ErrorKind.COMMAND, ErrorCategory.DOMAIN),
      Map.entry(ErrorKind.OPERATION_LOG, ErrorCategory.INFRASTRUCTURE),
      Map.entry(ErrorKind.UNKNOWN, ErrorCategory.FATAL)));

  @Test
  void thereAreTheSagaEnginesSeventeenKindsAndTheCommandPipelinesTwo() {
    assertThat(ErrorKind.values()).hasSize(19);
  }

  @Test
  void everyKindHasItsCategory() {
    for (ErrorKind kind : ErrorKind.values()) {
      assertThat(kind.category()).as(kind.name()).isEqualTo(EXPECTED.get(kind));
    }
  }

  @Test
  void infrastructureIsRetriedThreeTimesFromOneSecondDoubling() {
    ErrorBehaviour b = ErrorCategory.INFRASTRUCTURE.behaviour();
    assertThat(b.action()).isEqualTo(ErrorAction.RETRY);
    assertThat(b.maxRetries()).isEqualTo(3);
    assertThat(b.delayBefore(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delayBefore(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delayBefore(3)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void validationAndFatalFail() {
    assertThat(ErrorCategory.VALIDATION.behaviour().action()).isEqualTo(ErrorAction.FAIL);
    assertThat(ErrorCategory.VALIDATION.behaviour().maxRetries()).isZero();
    assertThat(ErrorCategory.FATAL.behaviour().action()).isEqualTo(ErrorAction.FAIL);
    assertThat(ErrorCategory.FATAL.behaviour().maxRetries()).isZero();
  }

  @Test
  void domainSkipsToCompensation() {
    assertThat(ErrorCategory.DOMAIN.behaviour().action()).isEqualTo(ErrorAction.COMPENSATE);
    assertThat(ErrorCategory.DOMAIN.behaviour().maxRetries()).isZero();
  }

  @Test
  void transientDomainIsRetriedOnceAfterFiveSeconds() {
    ErrorBehaviour b = ErrorCategory.TRANSIENT_DOMAIN.behaviour();
    assertThat(b.action()).isEqualTo(ErrorAction.RETRY);
    assertThat(b.maxRetries()).isEqualTo(1);
    assertThat(b.delayBefore(1)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void retryableByDefaultExactlyWhenTheCategoryRetries() {
    for (ErrorKind kind : ErrorKind.values()) {
      boolean retries = kind.category() == ErrorCategory.INFRASTRUCTURE
          || kind.category() == ErrorCategory.TRANSIENT_DOMAIN;
      assertThat(kind.retryableByDefault()).as(kind.name()).isEqualTo(retries);
    }
  }

  @Test
  void exceptionCarriesKindCategoryRetryableAndIds() {
    OperonException e = OperonException.of(ErrorKind.TASK_QUEUE, "queue down")
        .id(OperonException.Ids.QUEUE, "work")
        .id(OperonException.Ids.SAGA, "saga-1")
        .id(OperonException.Ids.OPERATION, null)
        .build();
    assertThat(e.kind()).isEqualTo(ErrorKind.TASK_QUEUE);
    assertThat(e.category()).isEqualTo(ErrorCategory.INFRASTRUCTURE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.ids()).containsExactly(Map.entry("queue", "work"), Map.entry("saga", "saga-1"));
    assertThat(e.sagaId()).contains("saga-1");
    assertThat(e.operationId()).isEmpty();
    assertThat(e.getMessage()).isEqualTo("queue down");
  }

  @Test
  void explicitRetryableOverridesTheDefault() {
    assertThat(OperonException.of(ErrorKind.EVENT_STORE, "x").retryable(false).build().retryable()).isFalse();
    assertThat(OperonException.of(ErrorKind.VALIDATION, "x").retryable(true).build().retryable()).isTrue();
  }

  @Test
  void invalidIsANonRetryableValidationError() {
    OperonException e = OperonException.invalid("bad field");
    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void nullKindBecomesUnknown() {
    OperonException e = new OperonException(null, "x", null, Map.of(), false);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
  }

  @Test
  void conflictNamesStreamExpectedAndActual() {
    ConflictException c = new ConflictException("order-1", 3, 5);
    assertThat(c.stream()).isEqualTo("order-1");
    assertThat(c.expected()).isEqualTo(3);
    assertThat(c.actual()).isEqualTo(5);
    assertThat(c.kind()).isEqualTo(ErrorKind.CONCURRENCY);
    assertThat(c.retryable()).isTrue();
    assertThat(c.streamId()).contains("order-1");
    assertThat(c.getMessage()).contains("order-1").contains("3").contains("5");
  }
}
