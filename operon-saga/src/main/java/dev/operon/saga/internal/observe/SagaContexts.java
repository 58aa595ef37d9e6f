package dev.operon.saga.internal.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.tracking.CorrelationContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The correlation and trace of a saga: recorded in its WorkflowExecutionStarted from the context
 * of the work that started it, and made the ambient {@link CorrelationContext} of every piece of
 * work done for the saga later (its workflow tasks, activities, timers, child sagas), on whatever
 * host and however long after, so that its steps continue the starter's trace.
 */
public final class SagaContexts {
  private SagaContexts() {}

  /** Records {@code context}'s correlation id and W3C trace context in a WorkflowExecutionStarted's attributes. */
  public static void record(ObjectNode attributes, CorrelationContext context) {
    attributes.put(Attr.CORRELATION_ID, context.correlationId());
    context.traceparent().ifPresent(value -> attributes.put(Attr.TRACEPARENT, value));
    if (context.traceState() != null) {
      attributes.put(Attr.TRACESTATE, context.traceState());
    }
  }

  /**
   * The context of the saga whose history is {@code history}: the correlation and trace recorded
   * when it started; a saga started without one is correlated by its own id.
   */
  public static CorrelationContext of(SagaHistory history) {
    HistoryEvent started = history.started();
    String correlation = started.text(Attr.CORRELATION_ID);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CorrelationContext.CORRELATION_ID, correlation != null ? correlation : correlationOf(history.sagaId()));
    if (started.text(Attr.TRACEPARENT) != null) {
      headers.put(CorrelationContext.TRACEPARENT, started.text(Attr.TRACEPARENT));
    }
    if (started.text(Attr.TRACESTATE) != null) {
      headers.put(CorrelationContext.TRACESTATE, started.text(Attr.TRACESTATE));
    }
    return CorrelationContext.fromHeaders(headers, started.timestamp())
        .orElseGet(() -> CorrelationContext.of(correlationOf(history.sagaId()), started.timestamp()));
  }

  /** A saga id as a correlation id (ids outside the correlation id's characters are replaced). */
  static String correlationOf(String sagaId) {
    String cleaned = sagaId.replaceAll("[^A-Za-z0-9._:@/+=-]", "_");
    return cleaned.length() > 128 ? cleaned.substring(0, 128) : cleaned;
  }
}
