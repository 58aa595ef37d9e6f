package dev.operon.commands.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.tracking.CorrelationContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headers an event carries from the operation that stored it to its handler: those of the
 * ambient {@link CorrelationContext} (correlation id, W3C {@code traceparent} and
 * {@code tracestate}, ...), or, outside any, the W3C trace of the current span; stored with the
 * event as a JSON object.
 */
final class TraceHeaders {
  private static final Logger LOG = LoggerFactory.getLogger(TraceHeaders.class);
  private static final ObjectMapper MAPPER = dev.operon.codec.JsonMappers.json();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private TraceHeaders() {}

  /** The headers of the calling thread's correlation context or span; null if it has neither. */
  static Map<String, String> current() {
    CorrelationContext context = CorrelationContext.current().orElse(null);
    if (context != null) {
      return context.toHeaders();
    }
    if (!Span.current().getSpanContext().isValid()) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
    return headers.isEmpty() ? null : headers;
  }

  /** {@code headers} as JSON; null for none. */
  static String encode(Map<String, String> headers) {
    return headers == null || headers.isEmpty() ? null : OperationCodec.json(headers, "the trace headers");
  }

  /** The headers {@link #encode} wrote; none for null or for JSON that is not an object of strings. */
  static Map<String, String> decode(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, String> headers = MAPPER.readValue(json, MAP);
      return headers == null ? Map.of() : headers;
    } catch (Exception e) {
      LOG.debug("Ignoring the unreadable trace headers of an event: {}", e.toString());
      return Map.of();
    }
  }
}
