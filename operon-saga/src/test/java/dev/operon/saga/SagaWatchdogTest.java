package dev.operon.saga;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.inmemory.InMemoryTaskQueue;
import dev.operon.inmemory.InMemoryTimerStore;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.TimerFixtures.GatedSaga;
import dev.operon.saga.TimerFixtures.NapSaga;
import dev.operon.saga.WatchdogFinding.Detector;
import dev.operon.saga.WatchdogFinding.Level;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.spi.BackendOptions;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog's four detectors, driven by a manual clock and {@code watchdog().check()}. */
class SagaWatchdogTest {
  static final Duration WAIT = SagaEngineContract.WAIT;

  final ManualClock clock = new ManualClock();
  final BackendOptions options = BackendOptions.defaults().withClock(clock);
  final TimerFixtures fixtures = new TimerFixtures();
  final FlakyEventStore events = new FlakyEventStore(new InMemoryEventStore(options));
  final LossyTaskQueue queue = new LossyTaskQueue(new InMemoryTaskQueue(options));
  final InMemoryTimerStore timers = new InMemoryTimerStore(options);
  final List<SagaEngine> engines = new ArrayList<>();

  @AfterEach
  void close() {
    engines.forEach(SagaEngine::close);
  }

  SagaEngine engine(Consumer<SagaEngineBuilder> settings) {
    SagaEngineBuilder builder = SagaEngine.builder().eventStore(events).taskQueue(queue).timerStore(timers)
        .clock(clock).activities(fixtures.activities()).workflows(new GatedSaga(), new NapSaga())
        .timerPoll(Duration.ZERO).reconcileInterval(Duration.ZERO)
        .watchdog(WatchdogSettings.DEFAULT.withInterval(Duration.ZERO));
    settings.accept(builder);
    SagaEngine engine = builder.build();
    engines.add(engine);
    return engine;
  }

  /** An event store whose health-check read fails while {@link #down} is set. */
  static final class FlakyEventStore extends ForwardingEventStore {
    volatile boolean down;

    FlakyEventStore(EventStore delegate) {
      super(delegate);
    }

    @Override
    public long currentId(String stream) {
      if (down) {
        throw new IllegalStateException("connection refused");
      }
      return super.currentId(stream);
    }
  }

  void awaitTimers(String owner, Predicate<List<Timer>> condition) {
    eventually(WAIT, () -> {
      List<Timer> found = timers.listByOwner(owner);
      assertThat(condition.test(found)).as("timers of %s: %s", owner, found).isTrue();
    });
  }

  static List<EventType> types(SagaDescription d) {
    return d.history().stream().map(HistoryEvent::eventType).toList();
  }

  @Test
  void aSagaWithoutProgressIsDegradedThenStalledAndReDrivenNeverTimedOut() throws Exception {
    // without local continuation the step's result wakes the saga through the queue that loses it
    SagaEngine engine = engine(b -> b.localContinuation(false));
    String id = engine.start(GatedSaga.class, new OrderInput("w-1", 1)).id();
    assertThat(fixtures.gateEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    queue.lose.add("saga-workflows");
    fixtures.gateOpen.countDown();
    SagaEngineContract.await(engine, id, d -> types(d).contains(EventType.ACTIVITY_TASK_COMPLETED));
    awaitTimers(id, list -> list.stream().noneMatch(t -> t.status() == TimerStatus.PENDING));
    // the wake-up is published after the completion commits: it is lost only once the queue has seen it
    eventually(WAIT, () -> assertThat(queue.lost.get()).isPositive());
    assertThat(engine.watchdog().check()).as("a running activity within its timeout is progress").isEmpty();

    clock.advance(Duration.ofSeconds(29));
    assertThat(engine.watchdog().check()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(engine.watchdog().check()).singleElement().satisfies(f -> {
      assertThat(f.sagaId()).contains(id);
      assertThat(f.detector()).isEqualTo(Detector.STALL);
      assertThat(f.level()).isEqualTo(Level.DEGRADED);
      assertThat(f.since()).isEqualTo(ManualClock.DEFAULT_START);
    });
    queue.lose.clear();
    clock.advance(Duration.ofSeconds(30));
    assertThat(engine.watchdog().check()).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.STALLED);
      assertThat(f.message()).contains(id).contains("60 s").contains("re-driven");
    });
    assertThat(engine.watchdog().findings()).extracting(WatchdogFinding::level).containsExactly(Level.STALLED);

    // the engine lost the wake-up, not the saga: it is woken and finishes as it would have
    assertThat(engine.handle(id).result(WAIT)).isEqualTo("noted w-1");
    SagaDescription d = engine.describe(id);
    assertThat(d.state()).isEqualTo(SagaState.COMPLETED);
    assertThat(types(d)).doesNotContain(EventType.WORKFLOW_EXECUTION_TIMED_OUT, EventType.COMPENSATION_STARTED);
    assertThat(fixtures.calls()).containsExactly("gated-note:w-1", "note:w-1");
    assertThat(engine.watchdog().check()).isEmpty();
  }

  @Test
  void aSagaWaitingOnALaterTimerIsNotStalled() throws Exception {
    SagaEngine engine = engine(b -> { });
    String id = engine.start(NapSaga.class, new OrderInput("w-2", 1)).id();
    awaitTimers(id, list -> list.stream().anyMatch(t -> t.type() == TimerType.SLEEP && t.status() == TimerStatus.PENDING));

    clock.advance(Duration.ofMinutes(59));
    assertThat(engine.watchdog().check()).isEmpty();
    clock.advance(Duration.ofSeconds(90));
    assertThat(engine.watchdog().check()).as("the sleep came due 30 s ago and did not fire")
        .singleElement().satisfies(f -> {
          assertThat(f.level()).isEqualTo(Level.DEGRADED);
          assertThat(f.since()).isEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofHours(1)));
        });
  }

  @Test
  void sagasWaitingOnEachOtherInACircleAreAWarningThenDeadlockedAndStopped() {
    SagaEngine engine = engine(b -> b.workers(0));
    HistoryStore histories = new HistoryStore(events);
    append(histories, "a", null, "b", "c");
    append(histories, "b", "a", "a");
    append(histories, "c", "a");

    clock.advance(Duration.ofSeconds(119));
    assertThat(engine.watchdog().check()).filteredOn(f -> f.detector() == Detector.DEADLOCK).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    List<WatchdogFinding> warnings = engine.watchdog().check().stream()
        .filter(f -> f.detector() == Detector.DEADLOCK).toList();
    assertThat(warnings).extracting(f -> f.sagaId().orElseThrow()).containsExactlyInAnyOrder("a", "b");
    assertThat(warnings).allSatisfy(f -> {
      assertThat(f.level()).isEqualTo(Level.WARNING);
      assertThat(f.message()).containsAnyOf("a -> b -> a", "b -> a -> b");
    });
    assertThat(types(engine.describe("a"))).doesNotContain(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED);

    clock.advance(Duration.ofSeconds(180));
    assertThat(engine.watchdog().check()).filteredOn(f -> f.detector() == Detector.DEADLOCK)
        .extracting(WatchdogFinding::level).containsExactly(Level.DEADLOCKED, Level.DEADLOCKED);
    for (String id : List.of("a", "b")) {
      HistoryEvent last = engine.describe(id).history().getLast();
      assertThat(last.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED);
      assertThat(last.text("reason")).contains("watchdog").contains("circle");
    }
    assertThat(types(engine.describe("c"))).doesNotContain(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  /** Stores a started saga {@code id} with a parent (or null) and the children it started. */
  void append(HistoryStore histories, String id, String parent, String... children) {
    var started = JsonNodeFactory.instance.objectNode().put("workflow_type", "NapSaga").put("parent_saga_id", parent);
    started.set("input", JsonNodeFactory.instance.objectNode().put("orderId", id).put("amountCents", 1));
    List<HistoryEvent> list = new ArrayList<>();
    list.add(event(id, EventType.WORKFLOW_EXECUTION_STARTED, started));
    int step = 0;
    for (String child : children) {
      String activityId = String.valueOf(++step);
      list.add(event(id, EventType.START_CHILD_WORKFLOW_INITIATED, JsonNodeFactory.instance.objectNode()
          .put("activity_id", activityId).put("workflow_type", "NapSaga").put("child_saga_id", child)));
      list.add(event(id, EventType.CHILD_WORKFLOW_STARTED, JsonNodeFactory.instance.objectNode()
          .put("activity_id", activityId).put("child_saga_id", child)));
    }
    histories.append(new SagaHistory(id, List.of()), list);
  }

  HistoryEvent event(String id, EventType type, com.fasterxml.jackson.databind.JsonNode attributes) {
    return new HistoryEvent(0, id, type, type.category(), clock.instant(), attributes, HistoryEvent.CURRENT_VERSION,
        false, false, null);
  }

  @Test
  void failedHealthChecksOpenTheCircuitBreakerWhichClosesWhenTheyPassAgain() throws Exception {
    SagaEngine engine = engine(b -> b.workers(1)
        .watchdog(WatchdogSettings.DEFAULT.withInterval(Duration.ZERO).withBreaker(2, Duration.ofSeconds(30))));
    assertThat(engine.watchdog().check()).isEmpty();
    assertThat(engine.watchdog().circuit()).isEqualTo(CircuitState.CLOSED);

    events.down = true;
    Instant firstFailure = clock.instant();
    assertThat(engine.watchdog().check()).singleElement().satisfies(f -> {
      assertThat(f.detector()).isEqualTo(Detector.HEALTH);
      assertThat(f.level()).isEqualTo(Level.UNHEALTHY);
      assertThat(f.sagaId()).isEmpty();
      assertThat(f.message()).contains("event store").contains("connection refused");
    });
    assertThat(engine.watchdog().circuit()).isEqualTo(CircuitState.CLOSED);
    clock.advance(Duration.ofSeconds(10));
    assertThat(engine.watchdog().check()).singleElement().satisfies(f -> {
      assertThat(f.since()).isEqualTo(firstFailure);
      assertThat(f.message()).contains("OPEN").contains("paused");
    });
    assertThat(engine.watchdog().circuit()).isEqualTo(CircuitState.OPEN);
    String id = engine.start(NapSaga.class, new OrderInput("w-4", 1)).id();

    clock.advance(Duration.ofSeconds(30));
    assertThat(engine.watchdog().circuit()).isEqualTo(CircuitState.HALF_OPEN);
    engine.watchdog().check();
    assertThat(engine.watchdog().circuit()).as("the half-open check failed").isEqualTo(CircuitState.OPEN);

    events.down = false;
    clock.advance(Duration.ofSeconds(30));
    assertThat(engine.watchdog().check()).noneMatch(f -> f.detector() == Detector.HEALTH);
    assertThat(engine.watchdog().circuit()).isEqualTo(CircuitState.CLOSED);
    SagaEngineContract.await(engine, id, d -> types(d).contains(EventType.TIMER_CREATED));
    assertThat(fixtures.calls()).containsExactly("note:w-4");
  }

  @Test
  void aQueueBacklogIsReportedByDepthAndByAge() {
    SagaEngine client = engine(b -> b.workers(0)
        .watchdog(WatchdogSettings.DEFAULT.withInterval(Duration.ZERO).withBacklog(3, Duration.ofMinutes(1))));
    client.start(NapSaga.class, new OrderInput("w-5", 1));
    client.start(NapSaga.class, new OrderInput("w-6", 1));
    assertThat(client.watchdog().check()).filteredOn(f -> f.detector() == Detector.CAPACITY).isEmpty();

    client.start(NapSaga.class, new OrderInput("w-7", 1));
    assertThat(client.watchdog().check()).filteredOn(f -> f.detector() == Detector.CAPACITY).singleElement()
        .satisfies(f -> {
          assertThat(f.level()).isEqualTo(Level.BACKLOG);
          assertThat(f.message()).contains("saga-workflows").contains("3 tasks");
        });

    SagaEngineContract.loseTasks(queue, "saga-workflows");
    client.start(NapSaga.class, new OrderInput("w-8", 1));
    clock.advance(Duration.ofMinutes(1));
    assertThat(client.watchdog().check()).filteredOn(f -> f.detector() == Detector.CAPACITY).singleElement()
        .satisfies(f -> {
          assertThat(f.message()).contains("1 tasks").contains("60 s old");
          assertThat(f.since()).isEqualTo(ManualClock.DEFAULT_START);
        });
  }

  @Test
  void watchdogThresholdsAreValidated() {
    assertThatThrownBy(() -> WatchdogSettings.DEFAULT.withStall(Duration.ofSeconds(60), Duration.ofSeconds(30)))
        .isInstanceOf(OperonException.class).hasMessageContaining("stalledAfter")
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION));
    assertThatThrownBy(() -> WatchdogSettings.DEFAULT.withBacklog(0, Duration.ofSeconds(1)))
        .hasMessageContaining("backlogDepth");
    assertThatThrownBy(() -> engine(b -> b.watchdog(null))).hasMessageContaining("watchdog");
  }
}
