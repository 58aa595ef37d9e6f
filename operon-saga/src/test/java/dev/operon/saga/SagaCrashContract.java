package dev.operon.saga;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.eventstore.EventStore;
import dev.operon.queue.TaskQueue;
import dev.operon.saga.CrashFixtures.FlakySaga;
import dev.operon.saga.CrashFixtures.HeldSaga;
import dev.operon.saga.CrashFixtures.NapThenShipSaga;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.Transitions;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.visibility.SagaVisibilities;
import dev.operon.saga.internal.worker.WorkflowTaskProcessor;
import dev.operon.spi.ForwardingPort;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerStore;
import dev.operon.timer.TimerType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Engines and workers that die (issue: healthy sagas rolled back after a crash). A saga is never
 * compensated because of the engine's own crash: a timer whose claim holder died fires once the
 * claim expires; the watchdog re-drives a stalled saga instead of timing it out; an attempt whose
 * worker died runs again once its lease ends, without counting against its retry policy; an
 * attempt whose worker is alive is never run a second time at once.
 */
abstract class SagaCrashContract extends SagaBackendTest {
  final CrashFixtures crash = new CrashFixtures();

  /** An engine on this backend's ports with the builder's defaults but the clock, as a fresh process would build it. */
  SagaEngineBuilder builder() {
    return builder(ports.events(), ports.queue(), ports.timers());
  }

  SagaEngineBuilder builder(EventStore events, TaskQueue queue, TimerStore timers) {
    return SagaEngine.builder().transactor(ports.transactor()).eventStore(events).taskQueue(queue).visibility(SagaVisibilities.forEventStore(ports.events()))
        .timerStore(timers).clock(clock).activities(crash.activities())
        .workflows(new HeldSaga(), new NapThenShipSaga(), new FlakySaga(), new CrashFixtures.StubbornSaga());
  }

  /**
   * The builder of an engine in a process that dies or is cut off: it fetches from queues of its
   * own, as the tasks a dead process would have fetched come back to the others only after their
   * ack wait, which the manual clock of these tests never reaches.
   */
  SagaEngineBuilder doomedBuilder(EventStore events, TaskQueue queue, TimerStore timers) {
    return builder(events, queue, timers).workflowQueue("doomed-workflows").activityQueue("doomed-activities");
  }

  SagaEngine track(SagaEngine engine) {
    engines.add(engine);
    return engine;
  }

  /** Waits until saga {@code sagaId} has a timer of {@code type} in state {@code status}, and returns it. */
  Timer awaitTimer(String sagaId, TimerType type, TimerStatus status) {
    return eventually(WAIT, () -> {
      List<Timer> timers = ports.timers().listByOwner(sagaId);
      List<Timer> found = timers.stream().filter(t -> t.type() == type && t.status() == status).toList();
      assertThat(found).as("%s %s timers of saga %s among %s", status, type, sagaId, timers).isNotEmpty();
      return found.get(0);
    });
  }

  static void assertNeverRolledBack(SagaDescription d) {
    assertThat(d.state()).isEqualTo(SagaState.COMPLETED);
    assertThat(types(d)).doesNotContain(EventType.WORKFLOW_EXECUTION_TIMED_OUT, EventType.COMPENSATION_STARTED,
        EventType.WORKFLOW_EXECUTION_FAILED);
    assertThat(d.failure()).isEmpty();
  }

  /**
   * Starts a saga that sleeps 2 s, stops its engine, and once the sleep is due has a scheduler
   * claim it and die before firing it. Returns the saga's id.
   */
  String sleepClaimedByADeadScheduler(String orderId) {
    SagaEngine first = track(builder().timerPoll(Duration.ZERO).build());
    String id = first.start(NapThenShipSaga.class, new OrderInput(orderId, 1)).id();
    awaitTimer(id, TimerType.SLEEP, TimerStatus.PENDING);
    first.close();
    clock.advance(Duration.ofSeconds(3));
    assertThat(ports.timers().claimDue("dead-worker", clock.instant(), 100)).extracting(Timer::type)
        .containsExactly(TimerType.SLEEP);
    return id;
  }

  @Test
  void aTimerClaimedByASchedulerThatDiedFiresOnceItsClaimExpiresAndTheSagaCompletes() throws Exception {
    String id = sleepClaimedByADeadScheduler("c-1");

    // a fresh engine with the default settings: its timer loop, reconciler and watchdog all run
    SagaEngine fresh = track(builder().build());
    clock.advance(Duration.ofSeconds(31));
    assertThat(fresh.handle(id).result(WAIT)).isEqualTo("s-c-1-1");
    clock.advance(Duration.ofSeconds(61));
    assertThat(fresh.watchdog().check()).as("findings about sagas").noneMatch(f -> f.sagaId().isPresent());
    assertNeverRolledBack(fresh.describe(id));
    assertThat(crash.calls()).containsExactly("reserve:c-1", "ship:c-1");
  }

  @Test
  void theWatchdogReDrivesASagaWhoseTimerIsStuckInsteadOfTimingItOut() throws Exception {
    String id = sleepClaimedByADeadScheduler("c-2");

    // no timer loop and no reconciler: only the watchdog can see that the saga is owed its timer
    SagaEngine fresh = track(builder().timerPoll(Duration.ZERO).reconcileInterval(Duration.ZERO)
        .watchdog(WatchdogSettings.DEFAULT.withInterval(Duration.ZERO)).build());
    clock.advance(Duration.ofSeconds(61));
    assertThat(fresh.watchdog().check()).filteredOn(f -> f.sagaId().isPresent()).singleElement().satisfies(f -> {
      assertThat(f.sagaId()).contains(id);
      assertThat(f.level()).isEqualTo(WatchdogFinding.Level.STALLED);
      assertThat(f.message()).contains("re-driven");
    });
    assertThat(fresh.handle(id).result(WAIT)).isEqualTo("s-c-2-1");
    assertNeverRolledBack(fresh.describe(id));
  }

  @Test
  void anAttemptWhoseWorkerDiedRunsAgainOnceItsLeaseEndsWithoutUsingARetry() throws Exception {
    DyingPorts process = new DyingPorts();
    SagaEngine dying = track(doomedBuilder(process.wrap(EventStore.class, ports.events()),
        process.wrap(TaskQueue.class, ports.queue()), process.wrap(TimerStore.class, ports.timers()))
        .timerPoll(Duration.ZERO).build());
    String id = dying.start(HeldSaga.class, new OrderInput("c-3", 1)).id();
    assertThat(crash.firstAttemptRunning.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    process.die();

    SagaEngine survivor = track(builder().timerPoll(Duration.ZERO).reconcileInterval(Duration.ZERO).build());
    assertThat(survivor.fireDueTimers() + survivor.reconcile()).as("the dead worker's lease has not ended").isZero();
    clock.advance(SagaRuntime.DEFAULT_ATTEMPT_LEASE);
    // an attempt kept in process writes its lease timer once it has run for a second: if the worker
    // died after that, the timer fires at the lease's end; if before, the reconciler finds the
    // quiet saga's attempt without a live timer. Either way, one of them records it as lost.
    assertThat(survivor.fireDueTimers() + survivor.reconcile()).isEqualTo(1);
    assertThat(survivor.handle(id).result(WAIT)).isEqualTo("r-c-3-2/s-c-3-1");

    SagaDescription d = survivor.describe(id);
    assertNeverRolledBack(d);
    // the step has no retries: attempt 2 came from the lost worker, not from the retry policy
    assertThat(results(d)).containsExactly("ACTIVITY_TASK_FAILED/1/1", "ACTIVITY_TASK_COMPLETED/1/2",
        "ACTIVITY_TASK_COMPLETED/2/1");
    assertThat(d.history()).filteredOn(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED).singleElement()
        .satisfies(lost -> assertThat(lost.attributes().path("worker_lost").asBoolean()).isTrue());
    crash.releaseFirstAttempt.countDown();
  }

  @Test
  void aLiveWorkerKeepsItsAttemptsLeaseAndNoOtherEngineRunsItMeanwhile() throws Exception {
    SagaEngine worker = track(builder().timerPoll(Duration.ZERO).attemptLease(Duration.ofSeconds(1)).build());
    String id = worker.start(HeldSaga.class, new OrderInput("c-4", 1)).id();
    assertThat(crash.firstAttemptRunning.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    SagaEngine other = track(builder().timerPoll(Duration.ZERO).build());
    for (int round = 0; round < 3; round++) {
      clock.advance(Duration.ofSeconds(5));
      // the running worker renews its lease a third of a lease after the last renewal
      eventually(WAIT, () -> assertThat(ports.timers().listByOwner(id)).as("timers of saga %s at %s", id, clock.instant())
          .anyMatch(t -> t.type() == TimerType.ACTIVITY_TIMEOUT && t.status() == TimerStatus.PENDING
              && t.fireAt().isAfter(clock.instant())));
      assertThat(other.fireDueTimers()).isZero();
    }
    crash.releaseFirstAttempt.countDown();
    assertThat(worker.handle(id).result(WAIT)).isEqualTo("r-c-4-1/s-c-4-1");
    assertThat(crash.calls()).containsExactly("reserve:c-4:1", "ship:c-4");
  }

  @Test
  void aWorkerThatFindsItsLeaseTakenStopsItsAttempt() throws Exception {
    AtomicBoolean cutOff = new AtomicBoolean();
    // the worker's renewals fail while it is cut off from the timer store, as in a network partition
    TimerStore renewalsFail = (TimerStore) java.lang.reflect.Proxy.newProxyInstance(
        TimerStore.class.getClassLoader(), new Class<?>[] {TimerStore.class, ForwardingPort.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() == ForwardingPort.class) {
            return ports.timers();
          }
          if (cutOff.get() && method.getName().equals("reschedule")) {
            throw new IllegalStateException("connection refused");
          }
          try {
            return method.invoke(ports.timers(), args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    SagaEngine cutOffWorker = track(doomedBuilder(ports.events(), ports.queue(), renewalsFail).timerPoll(Duration.ZERO)
        .attemptLease(Duration.ofSeconds(1)).build());
    String id = cutOffWorker.start(HeldSaga.class, new OrderInput("c-5", 1)).id();
    assertThat(crash.firstAttemptRunning.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    // the attempt runs in the process that started the saga: its lease timer is written once it has
    // run for a third of its lease
    awaitTimer(id, TimerType.ACTIVITY_TIMEOUT, TimerStatus.PENDING);
    cutOff.set(true);

    SagaEngine survivor = track(builder().timerPoll(Duration.ZERO).build());
    clock.advance(Duration.ofSeconds(1));
    assertThat(survivor.fireDueTimers()).isEqualTo(1);
    assertThat(survivor.handle(id).result(WAIT)).isEqualTo("r-c-5-2/s-c-5-1");

    // back in touch, the cut-off worker finds its lease taken and stops its attempt
    cutOff.set(false);
    eventually(WAIT, () -> assertThat(crash.calls()).as("calls; attempt 1 must stop").contains("interrupted:c-5:1"));
    assertThat(results(survivor.describe(id))).containsExactly("ACTIVITY_TASK_FAILED/1/1",
        "ACTIVITY_TASK_COMPLETED/1/2", "ACTIVITY_TASK_COMPLETED/2/1");
  }

  @Test
  void aKeptAttemptWhoseResultCouldNotBeRecordedIsHandedToTheQueueAndRunsAgainWithinSeconds() throws Exception {
    AtomicBoolean failNextResult = new AtomicBoolean(true);
    EventStore flaky = new ForwardingEventStore(ports.events()) {
      @Override
      public long append(String stream, long expectedLastId, List<dev.operon.eventstore.NewEvent> events) {
        if (events.stream().anyMatch(e -> e.type().equals(EventType.ACTIVITY_TASK_COMPLETED.typeName()))
            && failNextResult.getAndSet(false)) {
          throw new IllegalStateException("the database went away");
        }
        return super.append(stream, expectedLastId, events);
      }
    };
    SagaEngine engine = track(builder(flaky, ports.queue(), ports.timers()).timerPoll(Duration.ZERO).build());
    String id = engine.start(NapThenShipSaga.class, new OrderInput("c-7", 1)).id();
    // the first run of step 1 could not be recorded: it is published again, due 1 s later
    eventually(WAIT, () -> {
      assertThat(failNextResult.get()).as("the failing append of step 1's result came").isFalse();
      assertThat(ports.queue().stats("saga-activities").depth()).as("step 1 handed to the queue").isPositive();
    });
    clock.advance(Duration.ofSeconds(1));
    awaitTimer(id, TimerType.SLEEP, TimerStatus.PENDING);
    SagaDescription d = engine.describe(id);
    assertThat(results(d)).as("run again without waiting for the lease: no attempt recorded lost")
        .containsExactly("ACTIVITY_TASK_COMPLETED/1/1");
    assertThat(crash.calls()).containsExactly("reserve:c-7", "reserve:c-7");
  }

  @Test
  void aRetryFiredAgainAfterItsFirstFiringDiedRunsTheAttemptItsTimerWaitsFor() throws Exception {
    SagaEngine first = track(builder().timerPoll(Duration.ZERO).build());
    String id = first.start(FlakySaga.class, new OrderInput("c-6", 1)).id();
    awaitTimer(id, TimerType.RETRY_BACKOFF, TimerStatus.PENDING);
    first.close();

    // a scheduler fires the retry: it writes the attempt's timeout timer, then dies publishing the
    // task (where the publish cannot join the timer's transaction, the timer stays)
    DyingPorts process = new DyingPorts();
    SagaEngine dying = track(doomedBuilder(process.wrap(EventStore.class, ports.events()),
        process.wrap(TaskQueue.class, ports.queue(), (method, args) -> method.getName().equals("publish")),
        process.wrap(TimerStore.class, ports.timers())).timerPoll(Duration.ZERO).recoverOnStart(false).build());
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(dying::fireDueTimers).hasMessageContaining("the process died");
    assertThat(process.dead()).isTrue();

    // once its claim expires another engine fires the retry again: the attempt it publishes has the
    // deadline of the timer already written, so the worker it reaches takes its lease and runs it
    SagaEngine survivor = track(builder().timerPoll(Duration.ZERO).reconcileInterval(Duration.ZERO).build());
    clock.advance(Duration.ofSeconds(31));
    assertThat(survivor.fireDueTimers()).isEqualTo(1);
    assertThat(survivor.handle(id).result(WAIT)).isEqualTo("r-c-6-2/s-c-6-1");
    assertNeverRolledBack(survivor.describe(id));
    assertThat(crash.calls()).containsExactly("reserve:c-6:1", "reserve:c-6:2", "ship:c-6");
  }

  @Test
  void aQueuedAttemptWhoseTaskNeverReachedTheQueueIsPublishedAgainWithinSeconds() throws Exception {
    SagaEngine client = engine(0, new OrderFixtures.OrderSaga());
    var handle = client.start(OrderFixtures.OrderSaga.class, new OrderInput("c-8", 1));
    // the process that schedules step 1 commits it and dies before its publish reaches the queue
    LossyTaskQueue dying = new LossyTaskQueue(ports.queue());
    dying.lose.add("saga-activities");
    WorkflowRegistry workflows = new WorkflowRegistry();
    workflows.register(new OrderFixtures.OrderSaga());
    new WorkflowTaskProcessor(new SagaRuntime(new HistoryStore(ports.events()), dying, ports.timers(), clock,
        ActivityRegistry.of(fixtures.activities()), workflows, "saga-workflows", "saga-activities",
        new Transitions(ports.transactor(), dying))).process(handle.id());

    // a surviving engine's reconciler publishes it again once it has waited 10 s, before the
    // saga counts as quiet (30 s) and long before the attempt's deadline (300 s)
    SagaEngine survivor = engine(2, false, new OrderFixtures.OrderSaga());
    clock.advance(Duration.ofSeconds(9));
    assertThat(survivor.reconcile()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(survivor.reconcile()).isEqualTo(1);
    assertThat(handle.result(WAIT).trackingNo()).isEqualTo("s-c-8-1");
    assertThat(results(survivor.describe(handle.id()))).as("step 1 ran as its first attempt")
        .startsWith("ACTIVITY_TASK_COMPLETED/1/1");
  }

  @Test
  void anAttemptThatIgnoresItsTimeoutIsRecordedAsTimedOutByItsOwnWorker() throws Exception {
    SagaEngine engine = track(builder().timerPoll(Duration.ZERO).attemptLease(Duration.ofSeconds(3)).build());
    var handle = engine.start(CrashFixtures.StubbornSaga.class, new OrderInput("c-9", 1));
    assertThat(crash.stubbornRunning.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    try {
      // past its deadline (10 s) and a third of a lease more: the worker still runs it, ignoring the
      // interrupt, so it records the timeout itself, and the retry policy (none) decides
      clock.advance(Duration.ofSeconds(12));
      assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(dev.operon.error.OperonException.class)
          .satisfies(e -> assertThat(((dev.operon.error.OperonException) e).kind())
              .isEqualTo(dev.operon.error.ErrorKind.TIMEOUT))
          .hasMessageContaining("has no result within");
      assertThat(results(engine.describe(handle.id()))).containsExactly("ACTIVITY_TASK_FAILED/1/1");
      assertThat(engine.describe(handle.id()).history()).filteredOn(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED)
          .singleElement().satisfies(e -> assertThat(e.attributes().path("worker_lost").asBoolean()).isFalse());
    } finally {
      crash.releaseStubborn.set(true);
    }
  }

  static List<String> results(SagaDescription d) {
    return SagaEngineContract.results(d);
  }
}
