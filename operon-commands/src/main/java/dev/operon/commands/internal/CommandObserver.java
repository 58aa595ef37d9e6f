package dev.operon.commands.internal;

import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/**
 * Measures and traces each command a commander runs: the {@code operon.commands} counter (by
 * command type and outcome), the {@code operon.commands.duration} timer, and a span
 * {@code command <type>} whose parent is the trace of the ambient {@link CorrelationContext}. While
 * the command runs, its span is the current one and the ambient correlation context (if any) is
 * moved into it, so that what the command starts (a nested command, a saga, the events its
 * operation stores) continues the trace.
 */
final class CommandObserver {
  static final String COMMANDS = "operon.commands";
  static final String DURATION = "operon.commands.duration";
  static final String WORKFLOW_TYPE = "command";

  private final Telemetry telemetry;
  private final ClassValue<Meters> meters = new ClassValue<>() {
    @Override
    protected Meters computeValue(Class<?> type) {
      return new Meters(nameOf(type), telemetry.meters());
    }
  };

  CommandObserver(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  /** The meters of one command type. */
  private record Meters(String name, Counter succeeded, Counter failed, Timer duration) {
    Meters(String name, MeterRegistry registry) {
      this(name, counter(registry, name, "succeeded"), counter(registry, name, "failed"),
          Timer.builder(DURATION).description("How long commands take, from call to return (a persistent"
              + " operation's commit and its local invalidation pass included)").tag("command", name)
              .register(registry));
    }

    private static Counter counter(MeterRegistry registry, String command, String outcome) {
      return Counter.builder(COMMANDS).description("Commands run, by command type and outcome")
          .tag("command", command).tag("outcome", outcome).register(registry);
    }
  }

  /** Runs {@code body}, the whole run of {@code context}'s command, measured and in its span. */
  Object observe(ExecutionContext context, Supplier<Object> body) {
    Meters of = meters.get(context.command().getClass());
    Timer.Sample sample = Timer.start(telemetry.meters());
    CorrelationContext ambient = CorrelationContext.current().orElse(null);
    Span span = telemetry.startSpan("command " + of.name(), SpanKind.INTERNAL, ambient, WORKFLOW_TYPE, of.name(),
        null);
    boolean succeeded = false;
    try (Scope current = span.makeCurrent();
        CorrelationContext.Scope correlation = ambient == null ? null : Telemetry.within(ambient, span).activate()) {
      Object result = body.get();
      succeeded = true;
      return result;
    } catch (RuntimeException | Error e) {
      span.setStatus(StatusCode.ERROR, e.toString());
      span.recordException(e);
      throw e;
    } finally {
      OperationState operation = context.operationState();
      if (operation != null) {
        span.setAttribute(Telemetry.WORKFLOW_ID, operation.id());
      }
      span.end();
      (succeeded ? of.succeeded() : of.failed()).increment();
      sample.stop(of.duration());
    }
  }

  /** The simple name of {@code type} (its full name if it has none, as an anonymous class). */
  static String nameOf(Class<?> type) {
    String simple = type.getSimpleName();
    return simple.isEmpty() ? type.getName() : simple;
  }
}
