package dev.operon.documents.internal;

import dev.operon.documents.Action;
import dev.operon.documents.Operation;
import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Measures and traces the dispatches of a {@code Documents}: the {@code operon.documents.operations}
 * counter (by document type and outcome: the operations applied, or the actions of a dispatch
 * rejected), the {@code operon.documents.dispatch.duration} timer (from submission to the end of
 * the write), and a span {@code document <action type>} per dispatch (named after its first
 * action), whose parent is the trace of the ambient {@code CorrelationContext}.
 */
public final class DispatchObserver {
  public static final String OPERATIONS = "operon.documents.operations";
  public static final String DURATION = "operon.documents.dispatch.duration";
  /** The document type of a dispatch to a document that could not be found. */
  public static final String UNKNOWN = "unknown";
  static final AttributeKey<Long> ACTIONS = AttributeKey.longKey("operon.document.actions");

  private final Telemetry telemetry;
  private final ConcurrentMap<String, Meters> meters = new ConcurrentHashMap<>();

  public DispatchObserver(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  /** The meters of one document type. */
  private record Meters(Counter applied, Counter rejected, Timer duration) {
    static Meters of(String documentType, MeterRegistry registry) {
      return new Meters(counter(registry, documentType, "applied"), counter(registry, documentType, "rejected"),
          Timer.builder(DURATION).description("How long a dispatch to a document takes, from its submission until"
              + " its operations are stored (or it is rejected)").tag("document", documentType).register(registry));
    }

    private static Counter counter(MeterRegistry registry, String documentType, String outcome) {
      return Counter.builder(OPERATIONS).description("Document operations applied, and actions rejected, by"
          + " document type").tag("document", documentType).tag("outcome", outcome).register(registry);
    }
  }

  /** Starts observing a dispatch of {@code actions} (not empty) to document {@code documentId}. */
  public Dispatch start(String documentId, List<Action> actions) {
    Span span = telemetry.startSpan("document " + actions.get(0).type(), SpanKind.INTERNAL,
        CorrelationContext.current().orElse(null), "document", null, documentId);
    span.setAttribute(ACTIONS, (long) actions.size());
    return new Dispatch(span, Timer.start(telemetry.meters()), actions.size());
  }

  /** One dispatch being observed: ends with {@link #ended} or the future {@link #until} watches. */
  public final class Dispatch {
    private final Span span;
    private final Timer.Sample sample;
    private final int actions;
    private String documentType = UNKNOWN;

    private Dispatch(Span span, Timer.Sample sample, int actions) {
      this.span = span;
      this.sample = sample;
      this.actions = actions;
    }

    /** The type of the document, once it is known. */
    public void documentType(String type) {
      this.documentType = type;
      span.setAttribute(Telemetry.WORKFLOW_NAME, type);
    }

    /**
     * A future that completes as {@code future} does, once the dispatch's outcome is recorded (so
     * that a caller who waits for it sees the meters and the ended span).
     */
    public CompletableFuture<List<Operation>> until(CompletableFuture<List<Operation>> future) {
      CompletableFuture<List<Operation>> observed = new CompletableFuture<>();
      future.whenComplete((operations, failure) -> {
        ended(operations, failure);
        if (failure != null) {
          observed.completeExceptionally(failure);
        } else {
          observed.complete(operations);
        }
      });
      return observed;
    }

    /** Records the outcome: {@code operations} applied, or the dispatch rejected with {@code failure}. */
    public void ended(List<Operation> operations, Throwable failure) {
      Meters of = meters.computeIfAbsent(documentType, type -> Meters.of(type, telemetry.meters()));
      if (failure != null) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        span.setStatus(StatusCode.ERROR, cause.toString());
        span.recordException(cause);
        of.rejected().increment(actions);
      } else {
        of.applied().increment(operations.size());
      }
      span.end();
      sample.stop(of.duration());
    }
  }
}
