package dev.operon.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Correlation context: ambient with restore, HTTP headers both ways, W3C traceparent. */
class CorrelationContextTest {
  private final Instant now = Instant.parse("2026-12-05T10:00:00Z");
  private final String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
  private final String span = "00f067aa0ba902b7";

  @Test
  void nestedWorkInheritsTheAmbientContextAndTheOuterOneComesBack() {
    CorrelationContext outer = CorrelationContext.of("corr-1", now);
    CorrelationContext inner = outer.causedBy("op-7");
    assertThat(CorrelationContext.current()).isEmpty();

    try (CorrelationContext.Scope a = outer.activate()) {
      assertThat(CorrelationContext.current()).contains(outer);
      try (CorrelationContext.Scope b = inner.activate()) {
        assertThat(CorrelationContext.current()).contains(inner);
      }
      assertThat(CorrelationContext.current()).contains(outer);
    }
    assertThat(CorrelationContext.current()).isEmpty();
  }

  @Test
  void headersCarryTheContextAndAreReadWithoutRegardToCase() {
    CorrelationContext context = new CorrelationContext("corr-1", "op-7", trace, span, now, Map.of("tenant", "t1"));

    Map<String, String> headers = context.toHeaders();
    assertThat(headers).containsEntry("X-Correlation-Id", "corr-1").containsEntry("X-Causation-Id", "op-7")
        .containsEntry("X-Correlation-Tag-tenant", "t1").containsEntry("X-Correlation-Created-At", now.toString())
        .containsEntry("traceparent", "00-" + trace + "-" + span + "-01");
    assertThat(CorrelationContext.fromHeaders(headers, now.plusSeconds(9))).contains(context);
    assertThat(CorrelationContext.fromHeaders(Map.of("x-correlation-id", "corr-2"), now))
        .get().extracting(CorrelationContext::correlationId, CorrelationContext::createdAt)
        .containsExactly("corr-2", now);
  }

  @Test
  void invalidIdsAreDroppedAndATraceparentSuppliesTheTrace() {
    assertThat(CorrelationContext.fromHeaders(Map.of("X-Correlation-Id", " "), now)).isEmpty();
    assertThat(CorrelationContext.fromHeaders(Map.of("X-Correlation-Id", "bad id!"), now)).isEmpty();
    CorrelationContext read = CorrelationContext.fromHeaders(Map.of("X-Correlation-Id", "c", "X-Causation-Id",
        "x".repeat(200), "traceparent", "00-" + trace + "-" + span + "-01", "X-Span-Id", "zz"), now).orElseThrow();
    assertThat(read.causationId()).isNull();
    assertThat(read.traceId()).isEqualTo(trace);
    assertThat(read.spanId()).isEqualTo(span);
    assertThat(CorrelationContext.fromHeaders(Map.of("X-Correlation-Id", "c", "traceparent",
        "00-" + "0".repeat(32) + "-" + span + "-01"), now).orElseThrow().traceId()).isNull();
    assertThatThrownBy(() -> CorrelationContext.of("", now)).hasMessageContaining("A correlation id is 1 to 128");
  }
}
