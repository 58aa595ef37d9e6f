package dev.operon.commands.internal;

import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures and traces a commander's event log (outbox): the {@code operon.outbox.backlog} and
 * {@code operon.outbox.age} gauges (tagged with the host, read from the store when the registry
 * asks), the {@code operon.outbox.events} counter by outcome, and the span {@code outbox <type>} in
 * which each event is handled: a child of the span of the command that stored it, with that
 * command's correlation context activated (moved into the event's span).
 */
final class OutboxObserver implements AutoCloseable {
  static final String BACKLOG = "operon.outbox.backlog";
  static final String AGE = "operon.outbox.age";
  static final String EVENTS = "operon.outbox.events";
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  private static final Logger LOG = LoggerFactory.getLogger(OutboxObserver.class);

  private final Telemetry telemetry;
  private final Clock clock;
  private final List<Gauge> gauges;
  private final Counter processed;
  private final Counter failed;
  private final Counter discarded;

  /** What an event's processing runs. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  OutboxObserver(Telemetry telemetry, EventLogStore events, Clock clock, String hostId) {
    this.telemetry = telemetry;
    this.clock = clock;
    MeterRegistry registry = telemetry.meters();
    // Telemetry.none()'s registry is shared by every commander and keeps nothing: no gauge holds a store there.
    this.gauges = telemetry == Telemetry.none() ? List.of() : List.of(
        Gauge.builder(BACKLOG, events, store -> read(() -> (double) store.backlog()))
            .description("Events of the event log (outbox) not processed yet (New, due or not)")
            .tag("host", hostId).strongReference(true).register(registry),
        Gauge.builder(AGE, events, store -> read(() -> ageSeconds(store)))
            .description("Seconds since the oldest New event of the event log was written (0 when none waits)")
            .tag("host", hostId).baseUnit("seconds").strongReference(true).register(registry));
    this.processed = events(registry, "processed");
    this.failed = events(registry, "failed");
    this.discarded = events(registry, "discarded");
  }

  private static Counter events(MeterRegistry registry, String outcome) {
    return Counter.builder(EVENTS).description("Tries of event log events by outcome: processed, failed (due"
        + " again later), discarded (the last try failed)").tag("outcome", outcome).register(registry);
  }

  private double ageSeconds(EventLogStore store) {
    return store.oldestNew().map(at -> Math.max(0, Duration.between(at, clock.instant()).toNanos()) / 1e9)
        .orElse(0.0);
  }

  private static double read(java.util.function.DoubleSupplier value) {
    try {
      return value.getAsDouble();
    } catch (RuntimeException e) {
      LOG.debug("Could not read the event log for a gauge: {}", e.toString());
      return Double.NaN;
    }
  }

  /**
   * Runs {@code body}, the processing of {@code event}, in the span {@code outbox <type>} with the
   * correlation context of the command that stored the event activated; rethrows what it throws.
   */
  void handle(EventLogStore.ClaimedEvent event, Body body) throws Exception {
    Map<String, String> headers = TraceHeaders.decode(event.headers());
    CorrelationContext correlation = headers.isEmpty() ? null
        : CorrelationContext.fromHeaders(headers, clock.instant()).orElse(null);
    Context parent = correlation != null ? Telemetry.parentOf(correlation)
        : Telemetry.fromHeaders(headers);
    Span span = telemetry.tracer().spanBuilder("outbox " + typeName(event.valueType()))
        .setSpanKind(SpanKind.CONSUMER).setParent(parent).setAttribute(MESSAGE_ID, event.id()).startSpan();
    try (Scope current = span.makeCurrent();
        CorrelationContext.Scope scope = correlation == null ? null
            : Telemetry.within(correlation, span).activate()) {
      body.run();
    } catch (Exception | Error e) {
      span.setStatus(StatusCode.ERROR, e.toString());
      span.recordException(e);
      throw e;
    } finally {
      span.end();
    }
  }

  /** Counts {@code count} events marked Processed. */
  void processed(int count) {
    processed.increment(count);
  }

  /** Counts a failed try: due again later, or discarded if it was the last. */
  void failed(boolean discardedNow) {
    (discardedNow ? discarded : failed).increment();
  }

  /** The simple name of the class named {@code type} ({@code a.b.Outer$Inner} gives {@code Inner}). */
  static String typeName(String type) {
    String name = type.substring(type.lastIndexOf('.') + 1);
    return name.substring(name.lastIndexOf('$') + 1);
  }

  /** Removes the gauges from the registry. */
  @Override
  public void close() {
    gauges.forEach(telemetry.meters()::remove);
  }
}
