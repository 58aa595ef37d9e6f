package dev.operon.saga;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.retry.RetryPolicy;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.StalledWatcher;
import dev.operon.tracking.Telemetry;
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.Tracking;
import dev.operon.tracking.TrackingStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sagas as tracked operations, with their meters and spans, on SQLite (the tracker's tables in the
 * engine's database, written in each transition's transaction).
 */
class SagaTrackingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PREFIX = "trk_";

  @TempDir Path dir;
  private final ManualClock trackingClock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Backend backend;
  private Tracking tracking;
  private SagaEngine engine;

  static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();
  static final AtomicInteger HANG_CALLS = new AtomicInteger();
  static volatile CountDownLatch hangEntered = new CountDownLatch(1);

  record Order(String id) {}

  static final class Reserve implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      SEEN.add("reserve:" + CorrelationContext.current().map(CorrelationContext::correlationId).orElse("none"));
      return "r-" + in.id();
    }
  }

  static final class Release implements Activity<String, Void> {
    @Override
    public Void execute(ActivityContext ctx, String in) {
      SEEN.add("release:" + in);
      return null;
    }
  }

  static final class Charge implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      if (in.id().startsWith("broke")) {
        throw OperonException.of(ErrorKind.ACTIVITY_EXECUTION, "card declined for " + in.id()).build();
      }
      return "c-" + in.id();
    }

    @Override
    public ActivityOptions options() {
      return ActivityOptions.DEFAULT.withRetry(RetryPolicy.NONE);
    }
  }

  static final class Ship implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      return "s-" + in.id();
    }
  }

  /** Hangs on its first attempt until its timeout interrupts it; the second attempt succeeds. */
  static final class Hang implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) throws InterruptedException {
      HANG_CALLS.incrementAndGet();
      if (ctx.attempt() == 1) {
        hangEntered.countDown();
        new CountDownLatch(1).await();
      }
      return "h-" + in.id() + "-" + ctx.attempt();
    }

    @Override
    public ActivityOptions options() {
      return ActivityOptions.DEFAULT.withTimeout(Duration.ofSeconds(2))
          .withRetry(new RetryPolicy(2, Duration.ZERO, 1.0, Duration.ZERO, 0.0));
    }
  }

  static final class OrderSaga implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order in) {
      ctx.step(Reserve.class, in).compensateWith(Release.class);
      ctx.activity(Charge.class, in);
      return ctx.activity(Ship.class, in);
    }
  }

  static final class HangingSaga implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order in) {
      return ctx.activity(Hang.class, in);
    }
  }

  static final class ShipAlone implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order in) {
      return ctx.activity(Ship.class, in);
    }
  }

  /** Waits on a durable timer, then runs a child saga: two asynchronous hops the trace must cross. */
  static final class WaitThenChild implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order in) {
      ctx.sleep(Duration.ofMillis(200));
      String reserved = ctx.activity(Reserve.class, in);
      return reserved + "+" + ctx.childWorkflow(ShipAlone.class, in);
    }
  }

  @BeforeEach
  void setUp() {
    SEEN.clear();
    HANG_CALLS.set(0);
    hangEntered = new CountDownLatch(1);
    backend = Backends.open("sqlite:" + dir.resolve("operon.db"), BackendOptions.defaults().withTablePrefix(PREFIX));
    tracking = new Tracking(TrackingStores.of(backend, trackingClock), trackingClock);
    engine = SagaEngine.builder().backend(backend).tracking(tracking).telemetry(Telemetry.of(meters, otel))
        .activities(new Reserve(), new Release(), new Charge(), new Ship(), new Hang())
        .workflows(new OrderSaga(), new HangingSaga(), new ShipAlone(), new WaitThenChild()).timerPoll(Duration.ofMillis(50)).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    backend.close();
    otel.close();
  }

  @Test
  void aSagaIsATrackedOperationWithItsStepsAsChildrenCorrelatedAndTracedFromItsStarter() {
    Span caller = otel.getTracer("test").spanBuilder("http POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
    CorrelationContext context = Telemetry.within(CorrelationContext.of("corr-42", Instant.now()), caller);
    String sagaId;
    try (Scope current = caller.makeCurrent(); CorrelationContext.Scope ambient = context.activate()) {
      SagaHandle<String> handle = engine.start(OrderSaga.class, new Order("o1"));
      sagaId = handle.id();
      assertThat(handle.result(WAIT)).isEqualTo("s-o1");
    } finally {
      caller.end();
    }

    TrackedOperation saga = eventually(WAIT, () -> {
      TrackedOperation op = tracking.snapshot(sagaId).orElseThrow();
      assertThat(op.status()).isEqualTo(OperationStatus.SUCCEEDED);
      return op;
    });
    assertThat(saga.name()).isEqualTo("Saga.OrderSaga");
    assertThat(saga.correlationId()).isEqualTo("corr-42");
    assertThat(saga.tags()).containsEntry("workflow", "OrderSaga");
    assertThat(tracking.children(sagaId)).extracting(TrackedOperation::name, TrackedOperation::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Activity.reserve", OperationStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("Activity.charge", OperationStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("Activity.ship", OperationStatus.SUCCEEDED));
    assertThat(tracking.correlated("corr-42")).hasSize(4);
    assertThat(SEEN).containsExactly("reserve:corr-42");

    String trace = caller.getSpanContext().getTraceId();
    SpanData start = span("saga OrderSaga");
    assertThat(start.getTraceId()).isEqualTo(trace);
    assertThat(start.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
    assertThat(start.getAttributes().get(Telemetry.WORKFLOW_ID)).isEqualTo(sagaId);
    assertThat(start.getAttributes().get(Telemetry.WORKFLOW_NAME)).isEqualTo("OrderSaga");
    assertThat(start.getAttributes().get(Telemetry.WORKFLOW_TYPE)).isEqualTo("saga");
    for (String step : List.of("activity reserve", "activity charge", "activity ship")) {
      SpanData activity = span(step);
      assertThat(activity.getTraceId()).isEqualTo(trace);
      assertThat(activity.getParentSpanId()).isEqualTo(start.getSpanId());
    }
    assertThat(engine.describe(sagaId).history()).allSatisfy(e -> assertThat(e.traceId()).isEqualTo(trace));

    assertThat(meters.get("operon.sagas").tags("workflow", "OrderSaga", "event", "started").counter().count())
        .isEqualTo(1.0);
    // counted by the worker once the end committed: a caller that read the end first may look before that
    eventually(WAIT, () -> assertThat(meters.find("operon.sagas").tags("workflow", "OrderSaga", "event", "completed")
        .counters()).singleElement().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0)));
    assertThat(meters.get("operon.activity.duration").tags("activity", "charge", "outcome", "succeeded").timer()
        .count()).isEqualTo(1);
    assertThat(meters.get("operon.queue.depth").tags("queue", "saga-activities").gauge().value()).isZero();
    assertThat(meters.get("operon.queue.oldest.age").tags("queue", "saga-workflows").gauge().value()).isZero();
  }

  @Test
  void theTraceAndCorrelationCrossADurableTimerAndAChildSaga() {
    Span caller = otel.getTracer("test").spanBuilder("job").startSpan();
    CorrelationContext context = Telemetry.within(CorrelationContext.of("corr-77", Instant.now()), caller);
    String sagaId;
    try (CorrelationContext.Scope ambient = context.activate()) {
      sagaId = engine.start(WaitThenChild.class, new Order("w1")).id();
    } finally {
      caller.end();
    }
    assertThat(engine.handle(sagaId).result(WAIT)).isEqualTo("r-w1+s-w1");

    String trace = caller.getSpanContext().getTraceId();
    SpanData start = span("saga WaitThenChild");
    assertThat(span("activity reserve").getParentSpanId()).isEqualTo(start.getSpanId());
    assertThat(span("activity ship").getTraceId()).isEqualTo(trace);
    assertThat(span("activity ship").getParentSpanId()).isEqualTo(start.getSpanId());
    assertThat(SEEN).containsExactly("reserve:corr-77");
    TrackedOperation child = eventually(WAIT, () -> tracking.children(sagaId).stream()
        .filter(op -> op.name().equals("Saga.ShipAlone")).findFirst().orElseThrow());
    assertThat(child.correlationId()).isEqualTo("corr-77");
    assertThat(engine.describe(child.id()).history()).allSatisfy(e -> assertThat(e.traceId()).isEqualTo(trace));
    assertThat(engine.describe(sagaId).history()).allSatisfy(e -> assertThat(e.traceId()).isEqualTo(trace));
  }

  @Test
  void theTrackedOperationIsWrittenInTheTransitionsTransactionSoASagaIsNeverStartedWithoutIt() throws Exception {
    try (java.sql.Connection c = dev.operon.jdbc.JdbcDatabase.of(backend).orElseThrow().dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute("ALTER TABLE " + PREFIX + "tracked_operations RENAME TO " + PREFIX + "tracked_operations_away");
    }

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.start(OrderSaga.class, new Order("o-t"), "order-t"))
        .hasMessageContaining("tracked_operations");

    assertThat(engine.list(SagaQuery.all()).sagas()).isEmpty();
    try (java.sql.Connection c = dev.operon.jdbc.JdbcDatabase.of(backend).orElseThrow().dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute("ALTER TABLE " + PREFIX + "tracked_operations_away RENAME TO " + PREFIX + "tracked_operations");
    }
    assertThat(engine.start(OrderSaga.class, new Order("o-t"), "order-t").result(WAIT)).isEqualTo("s-o-t");
    eventually(WAIT, () -> assertThat(tracking.snapshot("order-t").orElseThrow().status())
        .isEqualTo(OperationStatus.SUCCEEDED));
  }

  @Test
  void withoutStepsOnlyTheSagaIsTracked() {
    engine.close();
    engine = SagaEngine.builder().backend(backend).tracking(tracking).trackSteps(false)
        .activities(new Reserve(), new Release(), new Charge(), new Ship()).workflows(new OrderSaga())
        .timerPoll(Duration.ofMillis(50)).build();
    String sagaId = engine.start(OrderSaga.class, new Order("o9")).id();
    assertThat(engine.handle(sagaId).result(WAIT)).isEqualTo("s-o9");

    eventually(WAIT, () -> assertThat(tracking.snapshot(sagaId).orElseThrow().status())
        .isEqualTo(OperationStatus.SUCCEEDED));
    assertThat(tracking.children(sagaId)).isEmpty();
  }

  @Test
  void aSagaRolledBackEndsCanceledAfterItsCompensationsWithItsFailedStepAndIsCountedAsCompensated() {
    String sagaId = engine.start(OrderSaga.class, new Order("broke-1")).id();

    eventually(WAIT, () -> assertThat(tracking.snapshot(sagaId).orElseThrow().status())
        .isEqualTo(OperationStatus.CANCELED));
    assertThat(tracking.snapshot(sagaId).orElseThrow().message()).startsWith("rolled back after: ")
        .contains("card declined for broke-1");
    assertThat(tracking.snapshot(sagaId).orElseThrow().correlationId()).isEqualTo(sagaId);
    assertThat(tracking.snapshot(sagaId + "/" + stepId(sagaId, "charge")).orElseThrow())
        .satisfies(step -> {
          assertThat(step.status()).isEqualTo(OperationStatus.FAILED);
          assertThat(step.message()).contains("card declined for broke-1");
        });
    assertThat(SEEN).contains("release:r-broke-1");
    assertThat(tracking.snapshot(sagaId + "/" + stepId(sagaId, "release")).orElseThrow().status())
        .as("the compensation ran to its end after the saga's body failed").isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(tracking.children(sagaId)).extracting(TrackedOperation::status).doesNotContain(OperationStatus.RUNNING,
        OperationStatus.CANCELED);
    assertThat(meters.get("operon.sagas").tags("event", "compensated").counter().count()).isEqualTo(1.0);
    assertThat(meters.get("operon.sagas").tags("event", "canceled").counter().count()).isEqualTo(1.0);
    assertThat(meters.find("operon.sagas").tags("event", "failed").counter()).isNull();
    assertThat(meters.get("operon.activity.duration").tags("activity", "charge", "outcome", "failed").timer()
        .count()).isEqualTo(1);
  }

  @Test
  void aHangingStepIsReportedStalledAndRecoveredByTheEnginesOwnTimeoutRunningItOnceMore() throws Exception {
    List<TrackedOperation> reported = new CopyOnWriteArrayList<>();
    StalledWatcher watcher = StalledWatcher.builder(tracking).clock(trackingClock)
        .defaultThreshold(Duration.ofMinutes(5)).ignore("Saga.").onStalled(reported::add).start();
    String sagaId = engine.start(HangingSaga.class, new Order("h1")).id();
    String step = sagaId + "/" + stepId(sagaId, "hang");
    assertThat(hangEntered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    trackingClock.advance(Duration.ofMinutes(6));
    assertThat(watcher.checkNow()).extracting(TrackedOperation::id).containsExactly(step);
    assertThat(reported).singleElement().satisfies(op -> {
      assertThat(op.name()).isEqualTo("Activity.hang");
      assertThat(op.status()).isEqualTo(OperationStatus.STALLED);
    });

    assertThat(engine.handle(sagaId).result(WAIT)).isEqualTo("h-h1-2");
    assertThat(HANG_CALLS).hasValue(2);
    TrackedOperation recovered = tracking.snapshot(step).orElseThrow();
    assertThat(recovered.status()).isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(recovered.message()).isEqualTo("completed on attempt 2");
    assertThat(meters.get("operon.activity.duration").tags("activity", "hang", "outcome", "timed_out").timer()
        .count()).isEqualTo(1);
    watcher.close();
  }

  private String stepId(String sagaId, String activityType) {
    return engine.describe(sagaId).history().stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
        .filter(e -> activityType.equals(e.text("activity_type"))).findFirst().orElseThrow().text("activity_id");
  }

  private SpanData span(String name) {
    return eventually(WAIT, () -> spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems())));
  }
}
