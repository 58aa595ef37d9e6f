package dev.operon.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.commands.internal.OperationLogs;
import dev.operon.commands.internal.OutboxEntry;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.testkit.Eventually;
import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meters and spans of a commander: commands counted, timed and traced; the event log's
 * backlog, age and outcomes; the span of an event continuing the trace of the command that stored
 * it; the latency of another host's invalidation pass.
 */
class CommandTelemetryTest {
  record PlaceOrder(String orderId) implements Command<String> {}

  record Reject(String reason) implements Command<Void> {}

  record AddLine(String sku) implements Command<Void> {}

  record SendReceipt(String orderId) implements Command<Void> {}

  record OrderPlaced(String orderId) {}

  private static final ChangeNotifier DEAF = new ChangeNotifier() {
    @Override
    public void notify(String channel) {}

    @Override
    public Subscription subscribe(String channel, Runnable listener) {
      return () -> {};
    }
  };

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private SdkTracerProvider tracerProvider;
  private Telemetry telemetry;
  private Backend backend;

  @BeforeEach
  void setUp() {
    tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    telemetry = Telemetry.of(meters, OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build());
    backend = Backends.open("memory:", BackendOptions.defaults().withClock(clock));
  }

  @AfterEach
  void tearDown() {
    backend.close();
    tracerProvider.close();
  }

  private CommanderBuilder commander(String host) {
    return Commander.builder().backend(backend).clock(clock).hostId(host).telemetry(telemetry)
        .processesEvents(false);
  }

  /** A commander whose PlaceOrder stores an OrderPlaced event and a SendReceipt command event. */
  private CommanderBuilder placing(Backend on, List<CorrelationContext> seenByHandler) {
    return Commander.builder().backend(on).clock(clock).hostId("host-a").telemetry(telemetry)
        .processesEvents(true).eventCheckPeriod(Duration.ofSeconds(1))
        .handle(PlaceOrder.class, (command, context) -> {
          if (!Invalidation.isActive()) {
            context.persist();
            context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId())).withId("placed"));
            context.operation().addEvent(OperationEvent.of(new SendReceipt(command.orderId())).withId("receipt"));
          }
          return command.orderId();
        })
        .handle(SendReceipt.class, (command, context) -> null)
        .onEvent(OrderPlaced.class, value -> {
          synchronized (seenByHandler) {
            seenByHandler.add(CorrelationContext.current().orElse(null));
          }
        });
  }

  private SpanData span(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " among " + spans.getFinishedSpanItems()));
  }

  private double count(String name, String... tags) {
    return meters.get(name).tags(tags).counter().count();
  }

  /** Whether event {@code id} was tried and no reader holds it any more. */
  private boolean released(String id) {
    OutboxEntry event = OperationLogs.of(backend, clock).event(id).orElseThrow();
    return event.attempts() > 0 && event.claimedBy() == null;
  }

  private double gauge(String name) {
    return meters.get(name).tags("host", "host-a").gauge().value();
  }

  @Test
  void everyCommandIsCountedTimedAndTracedWithItsOutcome() {
    try (Commander commander = commander("host-a")
        .handle(PlaceOrder.class, (command, context) -> command.orderId())
        .handle(Reject.class, (command, context) -> {
          throw new IllegalStateException(command.reason());
        }).build()) {
      commander.call(new PlaceOrder("o-1"));
      commander.call(new PlaceOrder("o-2"));
      assertThatThrownBy(() -> commander.call(new Reject("out of stock"))).hasRootCauseMessage("out of stock");

      assertThat(count("operon.commands", "command", "PlaceOrder", "outcome", "succeeded")).isEqualTo(2);
      assertThat(count("operon.commands", "command", "Reject", "outcome", "failed")).isEqualTo(1);
      assertThat(meters.get("operon.commands").tags("command", "Reject", "outcome", "succeeded").counter().count())
          .isZero();
      assertThat(meters.get("operon.commands.duration").tags("command", "PlaceOrder").timer().count()).isEqualTo(2);
      assertThat(meters.get("operon.commands.duration").tags("command", "Reject").timer().count()).isEqualTo(1);
      assertThat(meters.get("operon.commands").counter().getId().getDescription()).isNotBlank();

      assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
          .containsExactly("command PlaceOrder", "command PlaceOrder", "command Reject");
      SpanData placed = span("command PlaceOrder");
      assertThat(placed.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(placed.getAttributes().get(Telemetry.WORKFLOW_TYPE)).isEqualTo("command");
      assertThat(placed.getAttributes().get(Telemetry.WORKFLOW_NAME)).isEqualTo("PlaceOrder");
      assertThat(placed.getAttributes().get(Telemetry.WORKFLOW_ID)).endsWith("-local");
      assertThat(placed.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      SpanData rejected = span("command Reject");
      assertThat(rejected.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(rejected.getEvents()).anySatisfy(event -> {
        assertThat(event.getName()).isEqualTo("exception");
        assertThat(event.getAttributes().asMap().toString()).contains("out of stock");
      });
    }
  }

  @Test
  void aCommandsSpanContinuesTheAmbientTraceAndIsTheParentOfWhatItsHandlerRuns() {
    AtomicReference<CorrelationContext> inHandler = new AtomicReference<>();
    AtomicReference<String> currentSpan = new AtomicReference<>();
    CorrelationContext caller = new CorrelationContext("corr-7", null, "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7", clock.instant(), null);
    try (Commander commander = commander("host-a")
        .handle(AddLine.class, (command, context) -> null)
        .handle(PlaceOrder.class, (command, context) -> {
          inHandler.set(CorrelationContext.current().orElseThrow());
          currentSpan.set(Span.current().getSpanContext().getSpanId());
          context.commander().call(new AddLine("sku-1"));
          return command.orderId();
        }).build()) {
      try (CorrelationContext.Scope scope = caller.activate()) {
        commander.call(new PlaceOrder("o-1"));
        assertThat(CorrelationContext.current()).as("the caller's context is back").contains(caller);
      }

      SpanData outer = span("command PlaceOrder");
      SpanData nested = span("command AddLine");
      assertThat(outer.getTraceId()).isEqualTo(caller.traceId());
      assertThat(outer.getParentSpanId()).isEqualTo(caller.spanId());
      assertThat(inHandler.get().correlationId()).isEqualTo("corr-7");
      assertThat(inHandler.get().traceId()).isEqualTo(caller.traceId());
      assertThat(inHandler.get().spanId()).as("the ambient context is moved into the command's span")
          .isEqualTo(outer.getSpanId());
      assertThat(currentSpan.get()).isEqualTo(outer.getSpanId());
      assertThat(nested.getTraceId()).isEqualTo(caller.traceId());
      assertThat(nested.getParentSpanId()).isEqualTo(outer.getSpanId());
    }
  }

  @Test
  void withoutAnAmbientContextTheCommandsSpanIsTheCurrentOneWhileItsHandlerRuns() {
    AtomicReference<String> currentSpan = new AtomicReference<>();
    AtomicBoolean ambient = new AtomicBoolean();
    try (Commander commander = commander("host-a")
        .handle(AddLine.class, (command, context) -> null)
        .handle(PlaceOrder.class, (command, context) -> {
          currentSpan.set(Span.current().getSpanContext().getSpanId());
          ambient.set(CorrelationContext.current().isPresent());
          context.commander().call(new AddLine("sku-1"));
          return command.orderId();
        }).build()) {
      commander.call(new PlaceOrder("o-1"));

      SpanData outer = span("command PlaceOrder");
      assertThat(outer.getParentSpanContext().isValid()).as("a trace of its own").isFalse();
      assertThat(currentSpan.get()).isEqualTo(outer.getSpanId());
      assertThat(ambient).isFalse();
      assertThat(span("command AddLine").getParentSpanId()).isEqualTo(outer.getSpanId());
      assertThat(Span.current().getSpanContext().isValid()).as("nothing left current").isFalse();
    }
  }

  @Test
  void anEventIsHandledInASpanThatContinuesTheTraceOfTheCommandThatStoredIt() {
    List<CorrelationContext> seen = new ArrayList<>();
    try (Commander commander = placing(backend, seen).build()) {
      try (CorrelationContext.Scope scope = CorrelationContext.of("corr-42", clock.instant()).activate()) {
        commander.call(new PlaceOrder("o-1"));
      }

      awaitBothEventsProcessed();
      assertThatTheTraceWentThroughTheOutbox(seen);
      assertThat(gauge("operon.outbox.backlog")).isZero();
    }
  }

  @Test
  void withoutACorrelationContextAnEventStillContinuesTheTraceOfItsCommand() {
    List<CorrelationContext> seen = new ArrayList<>();
    try (Commander commander = placing(backend, seen).build()) {
      commander.call(new PlaceOrder("o-1"));

      awaitBothEventsProcessed();
      SpanData command = span("command PlaceOrder");
      SpanData placed = span("outbox OrderPlaced");
      assertThat(placed.getTraceId()).isEqualTo(command.getTraceId());
      assertThat(placed.getParentSpanId()).isEqualTo(command.getSpanId());
      assertThat(span("command SendReceipt").getParentSpanId()).isEqualTo(span("outbox SendReceipt").getSpanId());
      synchronized (seen) {
        assertThat(seen).as("no correlation context to activate").containsExactly((CorrelationContext) null);
      }
    }
  }

  @Test
  void anEventCarriesTheTraceThroughSqlite() {
    Backend sqlite = Backends.open("sqlite:" + dir.resolve("telemetry.db"), BackendOptions.defaults().withClock(clock));
    List<CorrelationContext> seen = new ArrayList<>();
    try (Commander commander = placing(sqlite, seen).build()) {
      try (CorrelationContext.Scope scope = CorrelationContext.of("corr-42", clock.instant()).activate()) {
        commander.call(new PlaceOrder("o-1"));
      }

      awaitBothEventsProcessed();
      assertThatTheTraceWentThroughTheOutbox(seen);
    } finally {
      sqlite.close();
    }
  }

  /** Waits until the two events of a PlaceOrder were processed, the receipt command's span ended. */
  private void awaitBothEventsProcessed() {
    Eventually.eventually(Duration.ofSeconds(10), () -> {
      assertThat(count("operon.outbox.events", "outcome", "processed")).isEqualTo(2);
      span("command SendReceipt");
    });
  }

  private void assertThatTheTraceWentThroughTheOutbox(List<CorrelationContext> seen) {
    SpanData command = span("command PlaceOrder");
    SpanData placed = span("outbox OrderPlaced");
    SpanData receipt = span("outbox SendReceipt");
    assertThat(placed.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(placed.getTraceId()).isEqualTo(command.getTraceId());
    assertThat(placed.getParentSpanId()).isEqualTo(command.getSpanId());
    assertThat(receipt.getTraceId()).isEqualTo(command.getTraceId());
    assertThat(receipt.getParentSpanId()).isEqualTo(command.getSpanId());
    SpanData sent = span("command SendReceipt");
    assertThat(sent.getTraceId()).isEqualTo(command.getTraceId());
    assertThat(sent.getParentSpanId()).as("the command an event carries runs in the event's span")
        .isEqualTo(receipt.getSpanId());
    synchronized (seen) {
      assertThat(seen).singleElement().satisfies(context -> {
        assertThat(context.correlationId()).isEqualTo("corr-42");
        assertThat(context.traceId()).isEqualTo(command.getTraceId());
        assertThat(context.spanId()).isEqualTo(placed.getSpanId());
      });
    }
  }

  @Test
  void theBacklogAndAgeGaugesFollowTheEventLogAndFailedTriesAreCounted() {
    AtomicBoolean broken = new AtomicBoolean(true);
    List<String> placed = new ArrayList<>();
    try (Commander commander = commander("host-a").processesEvents(true).eventCheckPeriod(Duration.ofSeconds(1))
        .handle(PlaceOrder.class, (command, context) -> {
          if (!Invalidation.isActive()) {
            context.persist();
            context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId())).withId(command.orderId())
                .delayedUntil(clock.instant().plusSeconds(60)));
          }
          return command.orderId();
        })
        .onEvent(OrderPlaced.class, value -> {
          if (broken.get()) {
            throw new IllegalStateException("mail server down");
          }
          synchronized (placed) {
            placed.add(value.orderId());
          }
        }).build()) {
      assertThat(gauge("operon.outbox.backlog")).isZero();
      assertThat(gauge("operon.outbox.age")).isZero();
      commander.call(new PlaceOrder("o-1"));
      clock.advance(Duration.ofSeconds(20));
      commander.call(new PlaceOrder("o-2"));
      clock.advance(Duration.ofSeconds(10));

      assertThat(gauge("operon.outbox.backlog")).isEqualTo(2);
      assertThat(gauge("operon.outbox.age")).isEqualTo(30.0);

      clock.advance(Duration.ofSeconds(31));
      Eventually.eventually(Duration.ofSeconds(10), () -> {
        assertThat(count("operon.outbox.events", "outcome", "failed")).isEqualTo(1);
        assertThat(released("o-1")).as("its failure marked before the clock moves again").isTrue();
      });
      assertThat(gauge("operon.outbox.backlog")).as("a failed event waits for its next try").isEqualTo(2);
      assertThat(span("outbox OrderPlaced").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

      broken.set(false);
      clock.advance(Duration.ofSeconds(30));
      Eventually.eventually(Duration.ofSeconds(10), () -> {
        assertThat(count("operon.outbox.events", "outcome", "processed")).isEqualTo(2);
        assertThat(gauge("operon.outbox.backlog")).isZero();
      });
      assertThat(gauge("operon.outbox.age")).isZero();
      assertThat(count("operon.outbox.events", "outcome", "discarded")).isZero();
    }
    assertThat(meters.find("operon.outbox.backlog").gauges()).as("removed when the commander closes").isEmpty();
  }

  @Test
  void theLastFailedTryOfAnEventIsCountedAsDiscarded() {
    try (Commander commander = commander("host-a").processesEvents(true).eventCheckPeriod(Duration.ofSeconds(1))
        .handle(PlaceOrder.class, (command, context) -> {
          if (!Invalidation.isActive()) {
            context.persist();
            context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId())).withId("e-0"));
          }
          return command.orderId();
        })
        .onEvent(OrderPlaced.class, value -> {
          throw new IllegalStateException("mail server down");
        }).build()) {
      commander.call(new PlaceOrder("o-1"));
      for (int tries = 1; tries <= 5; tries++) {
        int expected = tries;
        Eventually.eventually(Duration.ofSeconds(10), () -> {
          assertThat(count("operon.outbox.events", "outcome", "failed")
              + count("operon.outbox.events", "outcome", "discarded")).isEqualTo(expected);
          assertThat(released("e-0")).as("its failure marked before the clock moves again").isTrue();
        });
        clock.advance(Duration.ofMinutes(6));
      }
      assertThat(count("operon.outbox.events", "outcome", "failed")).isEqualTo(4);
      assertThat(count("operon.outbox.events", "outcome", "discarded")).isEqualTo(1);
      assertThat(commander.events().discarded(10)).hasSize(1);
    }
  }

  @Test
  void theInvalidationLatencyRunsFromTheCommitOnOneHostToTheInvalidationPassOnAnother() {
    List<String> invalidatedOnB = new ArrayList<>();
    CommandHandler<PlaceOrder, String> handler = (command, context) -> {
      if (Invalidation.isActive()) {
        synchronized (invalidatedOnB) {
          invalidatedOnB.add(context.commander().hostId() + ":" + command.orderId());
        }
        return null;
      }
      context.persist();
      return command.orderId();
    };
    try (Commander b = commander("host-b").notifier(DEAF).logCheckPeriod(Duration.ofSeconds(5))
            .handle(PlaceOrder.class, handler).build();
        Commander a = commander("host-a").handle(PlaceOrder.class, handler).build()) {
      a.call(new PlaceOrder("o-1"));
      assertThat(meters.get("operon.invalidation.latency").timer().count()).as("not for the host's own").isZero();

      clock.advance(Duration.ofSeconds(6));

      Eventually.eventually(Duration.ofSeconds(10),
          () -> assertThat(meters.get("operon.invalidation.latency").timer().count()).isEqualTo(1));
      assertThat(meters.get("operon.invalidation.latency").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(6.0);
      synchronized (invalidatedOnB) {
        assertThat(invalidatedOnB).containsExactlyInAnyOrder("host-a:o-1", "host-b:o-1");
      }
    }
  }
}
