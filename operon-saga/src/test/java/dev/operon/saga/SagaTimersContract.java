package dev.operon.saga;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.queue.QueueStats;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.Payment;
import dev.operon.saga.SagaBackendTest.Ports;
import dev.operon.saga.TimerFixtures.BackoffSaga;
import dev.operon.saga.TimerFixtures.NapSaga;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.ForwardingPort;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerClaim;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerStore;
import dev.operon.timer.TimerType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry backoff timers, schedules, the reconciler and code versions on one backend; a subclass opens the ports. */
abstract class SagaTimersContract {
  static final Duration WAIT = SagaEngineContract.WAIT;

  protected abstract Ports open(ManualClock clock) throws Exception;

  final ManualClock clock = new ManualClock();
  final TimerFixtures fixtures = new TimerFixtures();
  final List<SagaEngine> engines = new ArrayList<>();
  Ports ports;

  @BeforeEach
  void openPorts() throws Exception {
    ports = open(clock);
  }

  @AfterEach
  void closeAll() throws Exception {
    engines.forEach(SagaEngine::close);
    ports.closer().close();
  }

  SagaEngine engine(Consumer<SagaEngineBuilder> settings) {
    SagaEngineBuilder builder = SagaEngine.builder().transactor(ports.transactor())
        .eventStore(ports.events()).taskQueue(ports.queue()).timerStore(ports.timers())
        .clock(clock).activities(fixtures.activities())
        .workflows(new BackoffSaga(), new NapSaga(), new TimerFixtures.NoteSaga())
        .timerPoll(Duration.ZERO).reconcileInterval(Duration.ZERO)
        .watchdog(WatchdogSettings.DEFAULT.withInterval(Duration.ZERO));
    settings.accept(builder);
    SagaEngine engine = builder.build();
    engines.add(engine);
    return engine;
  }

  SagaEngine engine() {
    return engine(b -> { });
  }

  /** Waits until {@code owner} has a timer of {@code type} in state {@code status}, and returns it. */
  Timer awaitTimer(String owner, TimerType type, TimerStatus status) {
    return eventually(WAIT, () -> {
      List<Timer> timers = ports.timers().listByOwner(owner);
      var found = timers.stream().filter(t -> t.type() == type && t.status() == status).findFirst();
      assertThat(found).as("%s %s timer of %s among %s", status, type, owner, timers).isPresent();
      return found.get();
    });
  }

  /** Waits until {@code queue} holds no task. */
  void awaitEmpty(String queue) {
    eventually(WAIT, () -> {
      QueueStats stats = ports.queue().stats(queue);
      assertThat(stats.depth()).as("depth of queue %s: %s", queue, stats).isZero();
    });
  }

  @Test
  void aRetryWaitsOnADurableBackoffTimerNotOnTheQueue() throws Exception {
    SagaEngine engine = engine();
    SagaHandle<Payment> handle = engine.start(BackoffSaga.class, new OrderInput("r-1", 1));

    Timer backoff = awaitTimer(handle.id(), TimerType.RETRY_BACKOFF, TimerStatus.PENDING);
    assertThat(backoff.fireAt()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(10));
    awaitEmpty("saga-activities"); // attempt 1 acknowledged, attempt 2 not on the queue, not even delayed
    clock.advance(Duration.ofSeconds(9));
    assertThat(engine.fireDueTimers()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThat(handle.result(WAIT)).isEqualTo(new Payment("t-r-1-2"));
    assertThat(fixtures.calls()).containsExactly("charge:r-1:1", "charge:r-1:2");
    assertThat(ports.timers().get(backoff.id())).hasValueSatisfying(t -> assertThat(t.status()).isEqualTo(TimerStatus.FIRED));
  }

  @Test
  void aRetryBackoffTimerFiringAfterTheQueueLostEverythingStillRunsTheRetry() throws Exception {
    SagaEngine client = engine(b -> b.workers(0));
    SagaHandle<Payment> handle = client.start(BackoffSaga.class, new OrderInput("r-2", 1));
    SagaEngine worker = engine(b -> b.workers(1).recoverOnStart(false));
    awaitTimer(handle.id(), TimerType.RETRY_BACKOFF, TimerStatus.PENDING);
    worker.close();
    SagaEngineContract.loseAll(ports.queue());

    clock.advance(Duration.ofSeconds(10));
    assertThat(client.fireDueTimers()).isEqualTo(1);
    engine(b -> b.workers(1).recoverOnStart(false));

    assertThat(handle.result(WAIT)).isEqualTo(new Payment("t-r-2-2"));
  }

  @Test
  void recoveryLeavesAnAttemptWaitingOnItsBackoffTimerToThatTimer() throws Exception {
    SagaEngine client = engine(b -> b.workers(0));
    SagaHandle<Payment> handle = client.start(BackoffSaga.class, new OrderInput("r-3", 1));
    SagaEngine worker = engine(b -> b.workers(1).recoverOnStart(false));
    awaitTimer(handle.id(), TimerType.RETRY_BACKOFF, TimerStatus.PENDING);
    awaitEmpty("saga-activities");
    worker.close();

    assertThat(client.recover()).isEqualTo(1);
    assertThat(ports.queue().stats("saga-activities").depth()).as("attempt 2 waits for its backoff").isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(client.fireDueTimers()).isEqualTo(1);
    assertThat(ports.queue().stats("saga-activities").depth()).isEqualTo(1);
  }

  @Test
  void anEngineWhoseTimerClaimWasTakenOverLeavesTheTimerToItsNewHolder() throws Exception {
    List<TimerClaim> takenOver = new ArrayList<>();
    TimerStore slow = (TimerStore) Proxy.newProxyInstance(TimerStore.class.getClassLoader(),
        new Class<?>[] {TimerStore.class, ForwardingPort.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() == ForwardingPort.class) {
            return ports.timers();
          }
          Object result;
          try {
            result = method.invoke(ports.timers(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("claimDue") && !((List<?>) result).isEmpty()) {
            // the engine stalls past its claims' timeout, and another scheduler claims the timers meanwhile
            clock.advance(BackendOptions.defaults().timerClaimTimeout().plusSeconds(1));
            ports.timers().claimDue("scheduler-b", clock.instant(), 10).forEach(t -> takenOver.add(t.claim()));
          }
          return result;
        });
    SagaEngine engine = engine(b -> b.timerStore(slow));
    String id = engine.start(NapSaga.class, new OrderInput("f-1", 1)).id();
    Timer nap = awaitTimer(id, TimerType.SLEEP, TimerStatus.PENDING);
    clock.advance(Duration.ofHours(1));

    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThat(takenOver).extracting(TimerClaim::timerId).containsExactly(nap.id());
    Timer held = ports.timers().get(nap.id()).orElseThrow();
    assertThat(held.status()).as("the engine's mark changed nothing").isEqualTo(TimerStatus.PROCESSING);
    assertThat(held.claim()).isEqualTo(takenOver.get(0));
    assertThat(engine.handle(id).result(WAIT)).as("the engine's firing itself took effect, once")
        .isEqualTo("noted f-1-after");
    assertThat(fixtures.calls()).containsExactly("note:f-1", "note:f-1-after");
    assertThat(ports.timers().markFired(takenOver.get(0))).isTrue();
    assertThat(ports.timers().get(nap.id()).orElseThrow().status()).isEqualTo(TimerStatus.FIRED);
  }

  @Test
  void theCodeVersionASagaStartedOnIsRecordedAndKeptWhenANewVersionResumesIt() throws Exception {
    SagaEngine v1 = engine(b -> b.codeVersion("2026.11.1"));
    String id = v1.start(NapSaga.class, new OrderInput("v-1", 1)).id();
    awaitTimer(id, TimerType.SLEEP, TimerStatus.PENDING);
    v1.close();

    SagaEngine v2 = engine(b -> b.codeVersion("2026.12.0"));
    clock.advance(Duration.ofHours(1));
    assertThat(v2.fireDueTimers()).isEqualTo(1);

    assertThat(v2.handle(id).result(WAIT)).isEqualTo("noted v-1-after");
    SagaDescription d = v2.describe(id);
    assertThat(d.codeVersion()).contains("2026.11.1");
    assertThat(d.history().get(0).text("code_version")).isEqualTo("2026.11.1");
    String fresh = v2.start(NapSaga.class, new OrderInput("v-2", 1)).id();
    assertThat(v2.describe(fresh).codeVersion()).contains("2026.12.0");
    SagaEngine unversioned = engine(b -> b.workers(0));
    assertThat(unversioned.describe(unversioned.start(NapSaga.class, new OrderInput("v-3", 1)).id()).codeVersion()).isEmpty();
  }

  @Test
  void aBadCodeVersionIsRejected() {
    assertThatThrownBy(() -> engine(b -> b.codeVersion("2026 11")))
        .isInstanceOf(OperonException.class).hasMessageContaining("codeVersion").hasMessageContaining("2026 11")
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION));
  }

  // ---- schedules

  static final OrderInput NOTE = new OrderInput("n", 1);

  @Test
  void aScheduleStartsOneSagaPerFiringAcrossEnginesAndArmsTheNextFiring() throws Exception {
    SagaEngine a = engine();
    SagaEngine b = engine();
    SagaSchedule created = a.schedule("nightly", "0 2 * * *", "NoteSaga", NOTE);
    Instant first = ManualClock.DEFAULT_START.plus(Duration.ofHours(2));
    assertThat(created.nextFireAt()).contains(first);
    assertThat(b.schedules()).extracting(SagaSchedule::scheduleId, SagaSchedule::cron, SagaSchedule::workflowType)
        .containsExactly(tuple("nightly", "0 2 * * *", "NoteSaga"));

    clock.advance(Duration.ofMinutes(119));
    assertThat(a.fireDueTimers() + b.fireDueTimers()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(a.fireDueTimers() + b.fireDueTimers()).isEqualTo(1);
    assertThat(a.handle(SagaSchedule.sagaIdOf("nightly", first)).result(WAIT)).isEqualTo("noted n");

    clock.advance(Duration.ofDays(1));
    assertThat(b.fireDueTimers() + a.fireDueTimers()).isEqualTo(1);
    assertThat(b.handle("nightly@2030-01-02T02:00:00Z").result(WAIT)).isEqualTo("noted n");
    assertThat(fixtures.calls()).containsExactly("note:n", "note:n");
    assertThat(a.list(SagaQuery.all().workflowType("NoteSaga")).sagas())
        .as("the schedules' stream shares the event store with the sagas the index lists")
        .extracting(SagaSummary::sagaId)
        .containsExactly("nightly@2030-01-01T02:00:00Z", "nightly@2030-01-02T02:00:00Z");
    assertThat(a.schedules()).singleElement().satisfies(
        s -> assertThat(s.nextFireAt()).contains(first.plus(Duration.ofDays(2))));
  }

  @Test
  void firingsMissedWhileNoEngineRanCollapseIntoOne() throws Exception {
    SagaEngine engine = engine();
    engine.schedule("hourly", "0 * * * *", "NoteSaga", NOTE);

    clock.advance(Duration.ofHours(5));
    assertThat(engine.fireDueTimers()).isEqualTo(1);
    assertThat(engine.fireDueTimers()).isZero();

    assertThat(engine.handle("hourly@2030-01-01T01:00:00Z").result(WAIT)).isEqualTo("noted n");
    assertThat(engine.schedules()).singleElement().satisfies(s -> assertThat(s.nextFireAt())
        .contains(ManualClock.DEFAULT_START.plus(Duration.ofHours(6))));
  }

  @Test
  void unscheduleCancelsTheNextFiring() throws Exception {
    SagaEngine engine = engine();
    engine.schedule("gone", "*/5 * * * *", "NoteSaga", NOTE);

    assertThat(engine.unschedule("gone")).isTrue();
    assertThat(engine.unschedule("gone")).isFalse();
    assertThat(engine.schedules()).isEmpty();
    clock.advance(Duration.ofHours(1));
    assertThat(engine.fireDueTimers()).isZero();
    assertThat(ports.timers().listByOwner("schedule/gone")).allSatisfy(
        t -> assertThat(t.status()).isEqualTo(TimerStatus.CANCELLED));
  }

  @Test
  void schedulingAgainWithOtherSettingsReplacesTheScheduleAndWithTheSameChangesNothing() throws Exception {
    SagaEngine engine = engine();
    engine.schedule("report", "0 2 * * *", "NoteSaga", NOTE);
    engine.schedule("report", "0 2 * * *", "NoteSaga", NOTE);
    assertThat(ports.timers().listByOwner("schedule/report")).hasSize(1);

    SagaSchedule moved = engine.schedule("report", "30 1 * * *", "NoteSaga", new OrderInput("m", 2));

    assertThat(moved.nextFireAt()).contains(ManualClock.DEFAULT_START.plus(Duration.ofMinutes(90)));
    assertThat(ports.timers().listByOwner("schedule/report")).extracting(Timer::status)
        .containsExactlyInAnyOrder(TimerStatus.CANCELLED, TimerStatus.PENDING);
    clock.advance(Duration.ofHours(3));
    assertThat(engine.fireDueTimers()).isEqualTo(1);
    assertThat(engine.handle("report@2030-01-01T01:30:00Z").result(WAIT)).isEqualTo("noted m");
    assertThat(fixtures.calls()).containsExactly("note:m");
  }

  @Test
  void badSchedulesAreRejectedAndStoreNothing() {
    SagaEngine engine = engine();
    assertInvalid(() -> engine.schedule("x", "0 25 * * *", "NoteSaga", NOTE), "0 25 * * *");
    assertInvalid(() -> engine.schedule("x", "every day", "NoteSaga", NOTE), "every day");
    assertInvalid(() -> engine.schedule("x", "0 2 * * *", "NoSuchSaga", NOTE), "NoSuchSaga");
    assertInvalid(() -> engine.schedule("x", "0 2 * * *", "NoteSaga", "not an order"), "OrderInput");
    assertInvalid(() -> engine.schedule("a/b", "0 2 * * *", "NoteSaga", NOTE), "a/b");
    assertInvalid(() -> engine.schedule(null, "0 2 * * *", "NoteSaga", NOTE), "scheduleId");

    assertThat(engine.schedules()).isEmpty();
    assertThat(ports.timers().listByOwner("schedule/x")).isEmpty();
  }

  static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String named) {
    assertThatThrownBy(call).isInstanceOf(OperonException.class).hasMessageContaining(named)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION));
  }

  // ---- reconciler

  @Test
  void aSagaWhoseWorkflowTasksTheQueueLosesCompletesAfterReconcile() throws Exception {
    LossyTaskQueue queue = new LossyTaskQueue(ports.queue());
    queue.lose.add("saga-workflows");
    // without local continuation every transition goes through the workflow queue that loses it
    SagaEngine engine = engine(b -> b.taskQueue(queue).localContinuation(false));
    String id = engine.start(NapSaga.class, new OrderInput("q-1", 1)).id();
    assertThat(queue.lost.get()).isEqualTo(1);
    queue.lose.clear();

    assertThat(engine.reconcile()).as("within the grace period the saga is left alone").isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(engine.reconcile()).isEqualTo(1);
    awaitTimer(id, TimerType.SLEEP, TimerStatus.PENDING);
    assertThat(engine.reconcile()).as("a sleeping saga has a live timer: nothing to repair").isZero();

    queue.lose.add("saga-workflows");
    clock.advance(Duration.ofHours(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);
    queue.lose.clear();
    clock.advance(Duration.ofSeconds(30));
    assertThat(engine.reconcile()).isEqualTo(1);

    assertThat(engine.handle(id).result(WAIT)).isEqualTo("noted q-1-after");
    assertThat(fixtures.calls()).containsExactly("note:q-1", "note:q-1-after");
  }

  @Test
  void anActivityWhoseTaskAndTimeoutTimerWereLostIsPublishedAgainByTheReconciler() throws Exception {
    LossyTaskQueue queue = new LossyTaskQueue(ports.queue());
    queue.lose.add("saga-activities");
    // without local continuation the first step goes through the activity queue that loses it
    SagaEngine engine = engine(b -> b.taskQueue(queue).localContinuation(false));
    String id = engine.start(TimerFixtures.NoteSaga.class, new OrderInput("q-2", 1)).id();
    Timer timeout = awaitTimer(id, TimerType.ACTIVITY_TIMEOUT, TimerStatus.PENDING);
    assertThat(ports.timers().cancel(timeout.id())).isTrue();
    // the task is published after the transition that made the timer commits: wait until it was lost,
    // or it would go through once the queue stops losing and the step run twice
    eventually(WAIT, () -> assertThat(queue.lost.get()).isEqualTo(1));
    queue.lose.clear();

    clock.advance(Duration.ofSeconds(30));
    assertThat(engine.reconcile()).isEqualTo(1);

    assertThat(engine.handle(id).result(WAIT)).isEqualTo("noted q-2");
    assertThat(fixtures.calls()).containsExactly("note:q-2");
  }
}
