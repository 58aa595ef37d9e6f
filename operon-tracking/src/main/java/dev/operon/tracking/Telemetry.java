package dev.operon.tracking;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where every capability reports its meters (Micrometer) and spans (the OpenTelemetry API; the
 * application chooses the SDK and exporter, or none). {@link #none()} reports nowhere.
 *
 * <p>Spans follow the draft OpenTelemetry convention for workflows: {@link #WORKFLOW_ID},
 * {@link #WORKFLOW_NAME} and {@link #WORKFLOW_TYPE} ({@code saga}, {@code command},
 * {@code document}), and a span's parent is the W3C trace of a {@link CorrelationContext}, so the
 * trace that a command began goes on in the saga it starts and that saga's activities, across
 * queues, timers and hosts.
 */
public final class Telemetry {
  /** The instrumentation scope of Operon's spans. */
  public static final String INSTRUMENTATION = "dev.operon";
  public static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflow.id");
  public static final AttributeKey<String> WORKFLOW_NAME = AttributeKey.stringKey("workflow.name");
  public static final AttributeKey<String> WORKFLOW_TYPE = AttributeKey.stringKey("workflow.type");
  private static final Telemetry NONE = new Telemetry(new CompositeMeterRegistry(), OpenTelemetry.noop());
  private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final MeterRegistry meters;
  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;

  private Telemetry(MeterRegistry meters, OpenTelemetry openTelemetry) {
    this.meters = Objects.requireNonNull(meters, "meters");
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
  }

  /** Meters to {@code meters}, spans through {@code openTelemetry}. */
  public static Telemetry of(MeterRegistry meters, OpenTelemetry openTelemetry) {
    return new Telemetry(meters, openTelemetry);
  }

  /** Micrometer's global registry and the global OpenTelemetry (a no-op until an SDK registers itself). */
  public static Telemetry global() {
    return new Telemetry(Metrics.globalRegistry, GlobalOpenTelemetry.get());
  }

  /** Reports nowhere: meters that no registry keeps, spans that are not recorded. */
  public static Telemetry none() {
    return NONE;
  }

  public MeterRegistry meters() {
    return meters;
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public Tracer tracer() {
    return tracer;
  }

  /**
   * Starts span {@code name} as a child of {@code parent}'s trace when it carries one, else of the
   * thread's current OpenTelemetry span (a new trace if there is none), tagged with the workflow
   * attributes. The caller ends it.
   */
  public Span startSpan(String name, SpanKind kind, CorrelationContext parent, String workflowType,
      String workflowName, String workflowId) {
    SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(kind).setParent(parentOf(parent));
    if (workflowType != null) {
      builder.setAttribute(WORKFLOW_TYPE, workflowType);
    }
    if (workflowName != null) {
      builder.setAttribute(WORKFLOW_NAME, workflowName);
    }
    if (workflowId != null) {
      builder.setAttribute(WORKFLOW_ID, workflowId);
    }
    return builder.startSpan();
  }

  /** The OpenTelemetry context whose span is {@code context}'s trace and span (the current one if it has none). */
  public static Context parentOf(CorrelationContext context) {
    if (context == null || context.traceId() == null || context.spanId() == null) {
      return Context.current();
    }
    return fromHeaders(context.toHeaders());
  }

  /**
   * The OpenTelemetry context of the W3C {@code traceparent} and {@code tracestate} among
   * {@code headers} (names as written), or the root context if they carry none.
   */
  public static Context fromHeaders(Map<String, String> headers) {
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
  }

  /**
   * {@code context} moved into {@code span} (its trace, span and trace state), so work that it
   * carries on (a queued task, a timer, a child saga) becomes a child of the span; a span that is
   * not recorded (no SDK) leaves the context as it is.
   */
  public static CorrelationContext within(CorrelationContext context, Span span) {
    SpanContext spanContext = span.getSpanContext();
    if (context == null || !spanContext.isValid()) {
      return context;
    }
    Map<String, String> headers = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, Map::put);
    return context.inSpan(spanContext.getTraceId(), spanContext.getSpanId(),
        headers.get(CorrelationContext.TRACESTATE));
  }
}
