package dev.operon.saga;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.inmemory.InMemoryTaskQueue;
import dev.operon.inmemory.InMemoryTimerStore;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.FeatureFixtures.ChargeAndShip;
import dev.operon.saga.FeatureFixtures.Count;
import dev.operon.saga.FeatureFixtures.CountingSaga;
import dev.operon.saga.FeatureFixtures.FamilySaga;
import dev.operon.saga.FeatureFixtures.GuardianInput;
import dev.operon.saga.FeatureFixtures.GuardianSaga;
import dev.operon.saga.OrderFixtures.ApprovalSaga;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.OrderResult;
import dev.operon.saga.internal.SagaRecovery;
import dev.operon.spi.BackendOptions;
import dev.operon.timer.TimerStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Child workflows and continue-as-new write to two histories, one after the other; a crash in
 * between (here: an append that fails once) leaves a saga waiting, and recovery resumes it from the
 * histories.
 */
class SagaLinkRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ManualClock clock = new ManualClock();
  private final BackendOptions options = BackendOptions.defaults().withClock(clock);
  private final CrashingEventStore events = new CrashingEventStore(new InMemoryEventStore(options));
  private final LossyTaskQueue queue = new LossyTaskQueue(new InMemoryTaskQueue(options));
  private final TimerStore timers = new InMemoryTimerStore(options);
  private final OrderFixtures fixtures = new OrderFixtures();
  private SagaEngine engine;

  @AfterEach
  void close() {
    engine.close();
  }

  private SagaEngine engine(Workflow<?, ?>... workflows) {
    engine = SagaEngine.builder().eventStore(events).taskQueue(queue).timerStore(timers).clock(clock)
        .activities(fixtures.activities()).workflows(workflows).timerPoll(Duration.ZERO)
        // the links' repair by recovery is what these tests look at; with local continuation a
        // failed write after a local step also wakes the saga through the queue, which can repair
        // the link before the test looks (covered by the contract's local-continuation tests)
        .localContinuation(false).build();
    return engine;
  }

  /** Waits until {@code condition} holds for saga {@code sagaId}, running recovery while it does not. */
  private void recoverUntil(String sagaId, Predicate<SagaDescription> condition) {
    eventually(WAIT, () -> {
      SagaDescription before = engine.describe(sagaId);
      if (!condition.test(before)) {
        // a step of a saga that moved just now may run in a live process without a lease timer yet:
        // recovery leaves it alone for a moment, so the clock goes that far past the saga's last
        // event, and no further (moving it on at every look would run the steps in flight past
        // their deadlines, and recovery would then rightly run them again)
        java.time.Instant old = before.history().getLast().timestamp().plus(SagaRecovery.YOUNG);
        if (clock.instant().isBefore(old)) {
          clock.advance(Duration.between(clock.instant(), old));
        }
        engine.recover();
      }
      SagaDescription d = engine.describe(sagaId);
      assertThat(condition.test(d)).as("saga %s: %s", sagaId, d).isTrue();
    });
  }

  /**
   * Waits until {@code condition} holds for saga {@code sagaId}, without recovery: each time a
   * worker gives a failed task back (due again after a delay on the manual clock), and only then,
   * the clock moves past that delay.
   */
  private void retryUntil(String sagaId, Predicate<SagaDescription> condition) {
    AtomicInteger passed = new AtomicInteger();
    eventually(WAIT, () -> {
      while (passed.get() < queue.nakDelays.size()) {
        clock.advance(queue.nakDelays.get(passed.getAndIncrement()));
      }
      SagaDescription d = engine.describe(sagaId);
      assertThat(condition.test(d)).as("saga %s (tasks given back: %s): %s", sagaId, queue.nakDelays, d).isTrue();
    });
  }

  @Test
  void aFailedChildStartIsRetriedByTheParentsWorkflowTask() throws Exception {
    events.crashOnce((stream, e) -> stream.endsWith("-child-2") && e.type().equals("WorkflowExecutionStarted"));
    engine(new FamilySaga(), new ChargeAndShip());
    var handle = engine.start(FamilySaga.class, new OrderInput("o-55", 1));
    events.awaitCrash();

    retryUntil(handle.id(), SagaDescription::terminal);

    assertThat(handle.result(WAIT).trackingNo()).isEqualTo("s-o-55-1");
  }

  @Test
  void aFailedStartOfTheNextRunIsRetriedByTheEndedRunsWorkflowTask() throws Exception {
    events.crashOnce((stream, e) -> new String(e.payload(), StandardCharsets.UTF_8).contains("continued_from"));
    engine(new CountingSaga());
    var handle = engine.start(CountingSaga.class, new Count(2, 0));
    events.awaitCrash();

    retryUntil(handle.id(), d -> SagaFeaturesContract.runsOf(engine, handle.id()).size() == 2);

    assertThat(handle.result(WAIT)).isEqualTo(2);
  }

  @Test
  void aChildWhoseStartWasLostIsStartedByRecovery() throws Exception {
    events.crashOnce((stream, e) -> stream.endsWith("-child-2") && e.type().equals("WorkflowExecutionStarted"));
    engine(new FamilySaga(), new ChargeAndShip());
    var handle = engine.start(FamilySaga.class, new OrderInput("o-50", 1));
    events.awaitCrash();
    assertThat(engine.describe(handle.id()).state()).isEqualTo(SagaState.PAUSED);

    recoverUntil(handle.id(), SagaDescription::terminal);

    assertThat(handle.result(WAIT)).isEqualTo(new OrderResult("r-o-50", "t-o-50", "s-o-50-1"));
    assertThat(fixtures.calls()).containsExactly("reserve:o-50", "charge:o-50", "ship:o-50");
  }

  @Test
  void aChildOutcomeTheParentDidNotGetIsDeliveredByRecovery() throws Exception {
    events.crashOnce((stream, e) -> e.type().equals("ChildWorkflowCompleted"));
    engine(new FamilySaga(), new ChargeAndShip());
    var handle = engine.start(FamilySaga.class, new OrderInput("o-51", 1));
    events.awaitCrash();

    recoverUntil(handle.id(), SagaDescription::terminal);

    assertThat(handle.result(WAIT).trackingNo()).isEqualTo("s-o-51-1");
    assertThat(engine.describe(handle.id()).history().stream()
        .filter(e -> e.eventType() == EventType.CHILD_WORKFLOW_COMPLETED)).hasSize(1);
  }

  @Test
  void aNextRunWhoseStartWasLostIsStartedByRecovery() throws Exception {
    events.crashOnce((stream, e) -> new String(e.payload(), StandardCharsets.UTF_8).contains("continued_from"));
    engine(new CountingSaga());
    var handle = engine.start(CountingSaga.class, new Count(2, 0));
    events.awaitCrash();

    recoverUntil(handle.id(), d -> {
      List<String> runs = SagaFeaturesContract.runsOf(engine, handle.id());
      return runs.size() == 2 && engine.describe(runs.get(1)).terminal();
    });

    assertThat(handle.result(WAIT)).isEqualTo(2);
    assertThat(fixtures.calls()).containsExactly("charge:n-2", "charge:n-1");
  }

  @Test
  void aParentClosePolicyThatWasNotAppliedIsAppliedByRecovery() throws Exception {
    events.crashOnce((stream, e) -> e.type().equals("WorkflowExecutionTerminated"));
    engine(new GuardianSaga(), new ApprovalSaga());
    var handle = engine.start(GuardianSaga.class, new GuardianInput("o-52", ParentClosePolicy.TERMINATE));
    String childId = handle.id() + "-child-2";
    recoverUntil(handle.id(), d -> d.history().stream().anyMatch(e -> e.eventType() == EventType.CHILD_WORKFLOW_STARTED));
    engine.cancel(handle.id());
    events.awaitCrash();
    recoverUntil(handle.id(), SagaDescription::terminal);

    recoverUntil(childId, SagaDescription::terminal);

    assertThat(engine.describe(childId).history().get(engine.describe(childId).history().size() - 1).eventType())
        .isEqualTo(EventType.WORKFLOW_EXECUTION_TERMINATED);
  }

  /** Fails the first append whose stream and event match, as a crash right before it would. */
  static final class CrashingEventStore extends ForwardingEventStore {
    private final AtomicBoolean crashed = new AtomicBoolean();
    private volatile BiPredicate<String, NewEvent> when = (s, e) -> false;

    CrashingEventStore(EventStore delegate) {
      super(delegate);
    }

    void crashOnce(BiPredicate<String, NewEvent> value) {
      this.when = value;
    }

    void awaitCrash() {
      eventually(WAIT, () -> assertThat(crashed.get()).as("the append to crash on came").isTrue());
    }

    @Override
    public long append(String stream, long expectedLastId, List<NewEvent> events) {
      if (events.stream().anyMatch(e -> when.test(stream, e)) && crashed.compareAndSet(false, true)) {
        throw new IllegalStateException("simulated crash before appending to " + stream);
      }
      return super.append(stream, expectedLastId, events);
    }
  }
}
