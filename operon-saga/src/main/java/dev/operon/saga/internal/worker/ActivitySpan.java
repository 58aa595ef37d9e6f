package dev.operon.saga.internal.worker;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.internal.SagaMetrics;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.observe.SagaContexts;
import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * The span of one activity attempt ({@code activity <Type>}), a child of the saga's start span
 * wherever and whenever the attempt runs, and the attempt's run time on the engine's meters. While
 * the activity runs, the span is current and the saga's context, moved into the span, is the
 * thread's ambient {@link CorrelationContext}: what the activity calls continues the trace.
 */
final class ActivitySpan {
  private final Span span;
  private final CorrelationContext context;
  private final SagaMetrics metrics;
  private final String type;
  private final long startNanos = System.nanoTime();

  private ActivitySpan(Span span, CorrelationContext context, SagaMetrics metrics, String type) {
    this.span = span;
    this.context = context;
    this.metrics = metrics;
    this.type = type;
  }

  static ActivitySpan start(SagaMetrics metrics, SagaHistory history, ActivityTaskMessage task, String type) {
    CorrelationContext saga = SagaContexts.of(history);
    Span span = metrics.telemetry().startSpan("activity " + type, SpanKind.INTERNAL, saga, "saga",
        history.workflowType(), task.sagaId());
    span.setAttribute("operon.activity.type", type);
    span.setAttribute("operon.activity.id", task.activityId());
    span.setAttribute("operon.activity.attempt", task.attempt());
    return new ActivitySpan(span, Telemetry.within(saga, span), metrics, type);
  }

  /** Makes the span current and the saga's context in it ambient until the scope closes. */
  CorrelationContext.Scope activate() {
    Scope current = span.makeCurrent();
    CorrelationContext.Scope ambient = context.activate();
    return () -> {
      ambient.close();
      current.close();
    };
  }

  /** Ends the span with the attempt's outcome ({@code error} null: it succeeded) and records its run time. */
  void end(Throwable error) {
    String outcome = "succeeded";
    if (error != null) {
      outcome = error instanceof OperonException e && e.kind() == ErrorKind.TIMEOUT ? "timed_out" : "failed";
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
    span.setAttribute("operon.activity.outcome", outcome);
    metrics.activity(type, outcome, System.nanoTime() - startNanos);
    span.end();
  }
}
