package dev.operon.saga.internal.observe;

import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Instant;

/**
 * The span of a saga's start ({@code saga <WorkflowType>}), a child of the starter's trace (its
 * ambient {@link CorrelationContext}, else its current span). While the start runs, the starter's
 * context moved into this span (or, for a starter without one, a context correlated by the saga's
 * id) is ambient, so WorkflowExecutionStarted records it and every step of the saga continues it.
 */
public final class SagaStartSpan {
  private final Span span;
  private final CorrelationContext context;

  private SagaStartSpan(Span span, CorrelationContext context) {
    this.span = span;
    this.context = context;
  }

  public static SagaStartSpan start(Telemetry telemetry, String workflowType, String sagaId, Instant now) {
    CorrelationContext starter = CorrelationContext.current()
        .orElseGet(() -> CorrelationContext.of(SagaContexts.correlationOf(sagaId), now));
    Span span = telemetry.startSpan("saga " + workflowType, SpanKind.PRODUCER,
        CorrelationContext.current().orElse(null), "saga", workflowType, sagaId);
    return new SagaStartSpan(span, Telemetry.within(starter, span));
  }

  public CorrelationContext.Scope activate() {
    Scope current = span.makeCurrent();
    CorrelationContext.Scope ambient = context.activate();
    return () -> {
      ambient.close();
      current.close();
    };
  }

  public void failed(Throwable error) {
    span.recordException(error);
    span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
  }

  public void end() {
    span.end();
  }
}
