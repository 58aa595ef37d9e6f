package dev.operon.server.tracing;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.commands.Command;
import dev.operon.commands.Commander;
import dev.operon.commands.Invalidation;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.Telemetry;
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.Tracking;
import dev.operon.tracking.TrackingStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trace and one correlation id from a command, through the saga its handler starts, to that
 * saga's activities (run by the engine's workers on other threads), on one SQLite database.
 */
class TraceAcrossCapabilitiesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();

  record PlaceOrder(String orderId) implements Command<String> {}

  record Order(String id) {}

  static final class Reserve implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      SEEN.add(CorrelationContext.current().map(c -> c.correlationId() + " " + c.traceId()).orElse("none"));
      return "r-" + in.id();
    }
  }

  static final class Ship implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      return "s-" + in.id();
    }
  }

  static final class Fulfil implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order in) {
      ctx.activity(Reserve.class, in);
      return ctx.activity(Ship.class, in);
    }
  }

  @TempDir Path dir;
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();
  private final Telemetry telemetry = Telemetry.of(new SimpleMeterRegistry(), otel);
  private Backend backend;
  private Tracking tracking;
  private SagaEngine engine;
  private Commander commander;

  @BeforeEach
  void setUp() {
    SEEN.clear();
    backend = Backends.open("sqlite:" + dir.resolve("operon.db"), BackendOptions.defaults());
    tracking = new Tracking(TrackingStores.of(backend), Clock.systemUTC());
    engine = SagaEngine.builder().backend(backend).telemetry(telemetry).tracking(tracking)
        .activities(new Reserve(), new Ship()).workflows(new Fulfil()).timerPoll(Duration.ofMillis(50)).build();
    commander = Commander.builder().backend(backend).hostId("shop-1").telemetry(telemetry).processesEvents(false)
        .handle(PlaceOrder.class, (command, context) -> Invalidation.isActive() ? null
            : engine.start(Fulfil.class, new Order(command.orderId())).id())
        .build();
  }

  @AfterEach
  void tearDown() {
    commander.close();
    engine.close();
    backend.close();
    otel.close();
  }

  @Test
  void aCommandTheSagaItStartsAndItsActivitiesShareOneTraceAndOneCorrelationId() {
    String sagaId;
    try (CorrelationContext.Scope request = CorrelationContext.of("req-7", Instant.now()).activate()) {
      sagaId = commander.call(new PlaceOrder("o-1"));
    }
    assertThat(engine.handle(sagaId).result(WAIT)).isEqualTo("s-o-1");

    SpanData command = span("command PlaceOrder");
    SpanData saga = span("saga Fulfil");
    SpanData reserve = span("activity reserve");
    SpanData ship = span("activity ship");
    String trace = command.getTraceId();
    assertThat(saga.getTraceId()).isEqualTo(trace);
    assertThat(saga.getParentSpanId()).isEqualTo(command.getSpanId());
    assertThat(reserve.getTraceId()).isEqualTo(trace);
    assertThat(reserve.getParentSpanId()).isEqualTo(saga.getSpanId());
    assertThat(ship.getParentSpanId()).isEqualTo(saga.getSpanId());
    assertThat(SEEN).containsExactly("req-7 " + trace);
    assertThat(engine.describe(sagaId).history()).allSatisfy(e -> assertThat(e.traceId()).isEqualTo(trace));

    TrackedOperation operation = eventually(WAIT, () -> {
      TrackedOperation op = tracking.snapshot(sagaId).orElseThrow();
      assertThat(op.status()).isEqualTo(OperationStatus.SUCCEEDED);
      return op;
    });
    assertThat(operation.correlationId()).isEqualTo("req-7");
    assertThat(tracking.correlated("req-7")).extracting(TrackedOperation::name)
        .containsExactlyInAnyOrder("Saga.Fulfil", "Activity.reserve", "Activity.ship");
  }

  private SpanData span(String name) {
    return eventually(WAIT, () -> spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems())));
  }
}
