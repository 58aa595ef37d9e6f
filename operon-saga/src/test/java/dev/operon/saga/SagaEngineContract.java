package dev.operon.saga;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.queue.TaskQueue;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.OrderFixtures.Approval;
import dev.operon.saga.OrderFixtures.ApprovalSaga;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.OrderResult;
import dev.operon.saga.OrderFixtures.OrderSaga;
import dev.operon.saga.OrderFixtures.Payment;
import dev.operon.saga.OrderFixtures.SleepySaga;
import dev.operon.saga.internal.SagaRecovery;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.visibility.SagaVisibilities;
import dev.operon.spi.Transactor;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The saga engine's behaviour on one backend; a subclass opens the ports. */
abstract class SagaEngineContract extends SagaBackendTest {
  @Test
  @Drives({"Initial -> Running", "Running -> Paused", "Paused -> Running", "Running -> Completed"})
  void happyPathRunsThreeStepsAndCompletes() {
    SagaEngine engine = engine(new OrderSaga());
    SagaHandle<OrderResult> handle = engine.start(OrderSaga.class, new OrderInput("o-1", 9999));

    assertThat(handle.result(WAIT)).isEqualTo(new OrderResult("r-o-1", "t-o-1", "s-o-1-1"));
    assertThat(fixtures.calls()).containsExactly("reserve:o-1", "charge:o-1", "ship:o-1");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.COMPLETED);
    assertThat(types(d)).containsExactly(EventType.WORKFLOW_EXECUTION_STARTED,
        EventType.ACTIVITY_TASK_SCHEDULED, EventType.ACTIVITY_TASK_COMPLETED,
        EventType.ACTIVITY_TASK_SCHEDULED, EventType.ACTIVITY_TASK_COMPLETED,
        EventType.ACTIVITY_TASK_SCHEDULED, EventType.ACTIVITY_TASK_COMPLETED,
        EventType.WORKFLOW_EXECUTION_COMPLETED);
    assertThat(d.history()).extracting(HistoryEvent::eventId).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @Test
  @Drives({"Paused -> Failed", "Failed -> Compensating", "Compensating -> Cancelled"})
  void failureInStepThreeCompensatesStepTwoThenStepOneAndEndsCancelled() {
    SagaEngine engine = engine(new OrderSaga());
    SagaHandle<OrderResult> handle = engine.start(OrderSaga.class, new OrderInput("fail-1", 100));

    assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(OperonException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED))
        .hasMessageContaining("carrier refused");
    assertThat(fixtures.calls()).containsExactly(
        "reserve:fail-1", "charge:fail-1", "ship:fail-1", "refund:t-fail-1", "release:r-fail-1");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(d.failure()).hasValueSatisfying(f -> {
      assertThat(f.kind()).isEqualTo(ErrorKind.ACTIVITY_EXECUTION);
      assertThat(f.message()).contains("carrier refused order fail-1");
    });
    assertThat(types(d)).containsSubsequence(EventType.ACTIVITY_TASK_FAILED,
        EventType.WORKFLOW_EXECUTION_FAILED, EventType.COMPENSATION_STARTED,
        EventType.WORKFLOW_EXECUTION_CANCELED);
  }

  @Test
  void sleepFiresWhenTheClockPassesItAndTheSchedulerRuns() throws Exception {
    SagaEngine engine = engine(new SleepySaga());
    SagaHandle<String> handle = engine.start(SleepySaga.class, new OrderInput("o-2", 1));
    awaitTimer(handle.id());

    assertThat(engine.fireDueTimers()).isZero();
    clock.advance(Duration.ofMinutes(59));
    assertThat(engine.fireDueTimers()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThat(handle.result(WAIT)).isEqualTo("s-o-2-1@" + ManualClock.DEFAULT_START.plus(Duration.ofHours(1)));
    assertThat(types(engine.describe(handle.id()))).containsSubsequence(
        EventType.TIMER_CREATED, EventType.TIMER_FIRED, EventType.WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void aSideEffectRunsOnceAndReplaysItsRecordedValue() throws Exception {
    OrderFixtures.LuckySaga.DRAWS.set(0);
    SagaEngine engine = engine(new OrderFixtures.LuckySaga());
    var handle = engine.start(OrderFixtures.LuckySaga.class, new OrderInput("o-20", 1));
    awaitTimer(handle.id());
    clock.advance(Duration.ofMinutes(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThat(handle.result(WAIT)).isEqualTo(41);
    assertThat(OrderFixtures.LuckySaga.DRAWS.get()).isEqualTo(1);
    assertThat(types(engine.describe(handle.id()))).containsSubsequence(
        EventType.SIDE_EFFECT_RECORDED, EventType.TIMER_CREATED, EventType.TIMER_FIRED);
  }

  @Test
  void signalResumesAWaitingSaga() throws Exception {
    SagaEngine engine = engine(new ApprovalSaga());
    SagaHandle<Approval> handle = engine.start(ApprovalSaga.class, new OrderInput("o-3", 1));
    awaitTimer(handle.id());
    assertThat(engine.describe(handle.id()).state()).isEqualTo(SagaState.PAUSED);

    engine.signal(handle.id(), "approve", new Approval(true, "alice"));

    assertThat(handle.result(WAIT)).isEqualTo(new Approval(true, "alice"));
    assertThat(types(engine.describe(handle.id()))).contains(EventType.SIGNAL_RECEIVED, EventType.TIMER_CANCELED);
    assertThatThrownBy(() -> engine.signal(handle.id(), "approve", new Approval(false, "bob")))
        .isInstanceOf(OperonException.class).hasMessageContaining(handle.id()).hasMessageContaining("finished");
  }

  @Test
  void searchAttributesAreRecordedTypedReplayedAndShownInDescribe() throws Exception {
    SagaEngine engine = engine(new QueryFixtures.TaggedSaga());
    var handle = engine.start(QueryFixtures.TaggedSaga.class, new OrderInput("o-30", 5000));
    awaitTimer(handle.id());

    assertThat(engine.describe(handle.id()).searchAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "customer", "o-30", "amount", 5000L, "vip", true, "placed", ManualClock.DEFAULT_START, "score", 0.5d));
    engine.signal(handle.id(), "approve", new Approval(true, "alice"));

    assertThat(handle.result(WAIT)).isEqualTo("alice");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.searchAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("customer", "o-30",
        "amount", 5000L, "placed", ManualClock.DEFAULT_START, "score", 0.5d, "stage", "approved by alice"));
    assertThat(types(d).stream().filter(t -> t == EventType.SEARCH_ATTRIBUTES_UPSERTED)).hasSize(2);
    engine.verifyReplay(handle.id());
  }

  @Test
  void listFiltersByStateTypeSearchAttributeAndStartTimeAndPages() throws Exception {
    SagaEngine engine = engine(new QueryFixtures.TaggedSaga(), new OrderSaga());
    List<String> tagged = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tagged.add(engine.start(QueryFixtures.TaggedSaga.class, new OrderInput("o-3" + i, 500 + i * 1000)).id());
      clock.advance(Duration.ofMinutes(1));
    }
    tagged.forEach(id -> assertThatNoException().isThrownBy(() -> awaitTimer(id)));
    var done = engine.start(OrderSaga.class, new OrderInput("o-39", 1));
    done.result(WAIT);
    SagaQuery all = SagaQuery.all();

    assertThat(engine.list(all).sagas()).extracting(SagaSummary::sagaId)
        .containsExactly(tagged.get(0), tagged.get(1), tagged.get(2), done.id());
    assertThat(engine.list(all.states(SagaState.PAUSED).workflowType("TaggedSaga")).sagas())
        .extracting(SagaSummary::sagaId).containsExactlyElementsOf(tagged);
    assertThat(engine.list(all.states(SagaState.COMPLETED)).sagas()).singleElement().satisfies(s -> {
      assertThat(s.sagaId()).isEqualTo(done.id());
      assertThat(s.workflowType()).isEqualTo("OrderSaga");
      assertThat(s.closedAt()).isPresent();
      assertThat(s.terminal()).isTrue();
    });
    assertThat(engine.list(all.searchAttribute("amount", 1500)).sagas()).singleElement().satisfies(s -> {
      assertThat(s.sagaId()).isEqualTo(tagged.get(1));
      assertThat(s.state()).isEqualTo(SagaState.PAUSED);
      assertThat(s.startedAt()).isEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofMinutes(1)));
      assertThat(s.closedAt()).isEmpty();
      assertThat(s.searchAttributes()).containsEntry("customer", "o-31").containsEntry("vip", true);
    });
    assertThat(engine.list(all.searchAttribute("vip", true).searchAttribute("customer", "o-30")).sagas()).isEmpty();
    assertThat(engine.list(all.startedBetween(ManualClock.DEFAULT_START.plus(Duration.ofMinutes(1)),
        ManualClock.DEFAULT_START.plus(Duration.ofMinutes(3)))).sagas())
        .extracting(SagaSummary::sagaId).containsExactly(tagged.get(1), tagged.get(2));

    SagaPage first = engine.list(all.limit(3));
    assertThat(first.sagas()).extracting(SagaSummary::sagaId).containsExactlyElementsOf(tagged);
    SagaPage second = engine.list(all.limit(3).pageToken(first.nextPageToken().orElseThrow()));
    assertThat(second.sagas()).extracting(SagaSummary::sagaId).containsExactly(done.id());
    assertThat(second.nextPageToken()).isEmpty();
  }

  @Test
  void listRejectsBadQueries() {
    assertThatThrownBy(() -> SagaQuery.all().limit(0)).hasMessageContaining("limit")
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION));
    assertThatThrownBy(() -> SagaQuery.all().pageToken("next")).hasMessageContaining("'next'");
    assertThatThrownBy(() -> SagaQuery.all().searchAttribute("has space", 1)).hasMessageContaining("has space");
    assertThatThrownBy(() -> SagaQuery.all().searchAttribute("amount", new java.math.BigDecimal("1.5")))
        .hasMessageContaining("amount").hasMessageContaining("BigDecimal");
  }

  @Test
  void updatesAreValidatedRecordedHandledAndReplayedIntoTheWorkflowState() throws Exception {
    SagaEngine engine = engine(new QueryFixtures.CartSaga());
    var handle = engine.start(QueryFixtures.CartSaga.class, new OrderInput("o-40", 1));
    awaitTimer(handle.id());

    assertThat(engine.update(handle.id(), "add", "apple", Integer.class, WAIT)).isEqualTo(1);
    assertThat(engine.update(handle.id(), "add", "pear", Integer.class, WAIT)).isEqualTo(2);
    int recorded = engine.describe(handle.id()).history().size();
    assertThatThrownBy(() -> engine.update(handle.id(), "add", " ", Integer.class, WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("rejected").hasMessageContaining("an item needs a name");
    assertThatThrownBy(() -> engine.update(handle.id(), "remove", "apple", Integer.class, WAIT))
        .hasMessageContaining("'remove'").hasMessageContaining("[add]");
    assertThat(engine.describe(handle.id()).history()).hasSize(recorded);
    assertThatThrownBy(() -> engine.update(handle.id(), "add", "boom", Integer.class, WAIT))
        .hasMessageContaining("the shelf fell over");

    engine.signal(handle.id(), "checkout", new Approval(true, "alice"));

    assertThat(handle.result(WAIT)).isEqualTo("apple,pear");
    SagaDescription d = engine.describe(handle.id());
    assertThat(types(d).stream().filter(t -> t == EventType.UPDATE_ACCEPTED)).hasSize(3);
    assertThat(types(d).stream().filter(t -> t == EventType.UPDATE_COMPLETED)).hasSize(3);
    assertThat(types(d)).doesNotContain(EventType.UPDATE_REJECTED);
    engine.verifyReplay(handle.id());
    assertThatThrownBy(() -> engine.update(handle.id(), "add", "fig", Integer.class, WAIT))
        .hasMessageContaining("COMPLETED");
  }

  @Test
  void anUpdateAcceptedBeforeTheFirstWorkflowTaskRunsThere() {
    SagaEngine client = engine(0, new QueryFixtures.CartSaga());
    var handle = client.start(QueryFixtures.CartSaga.class, new OrderInput("o-41", 1));
    assertThatThrownBy(() -> client.update(handle.id(), "add", "plum", Integer.class, Duration.ZERO))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.TIMEOUT));
    SagaEngine worker = engine(2, false, new QueryFixtures.CartSaga());
    worker.signal(handle.id(), "checkout", new Approval(true, "bob"));

    assertThat(handle.result(WAIT)).isEqualTo("plum");
    assertThat(client.query(handle.id(), "items", String[].class)).containsExactly("plum");
  }

  @Test
  void queriesAnswerFromTheReplayedStateAndWriteNothing() throws Exception {
    SagaEngine engine = engine(new QueryFixtures.CartSaga());
    var handle = engine.start(QueryFixtures.CartSaga.class, new OrderInput("o-42", 1));
    awaitTimer(handle.id());
    assertThat(engine.query(handle.id(), "count", Integer.class)).isZero();
    engine.update(handle.id(), "add", "kiwi", Integer.class, WAIT);
    int recorded = engine.describe(handle.id()).history().size();

    assertThat(engine.query(handle.id(), "items", String[].class)).containsExactly("kiwi");
    assertThat(engine.query(handle.id(), "count", Integer.class)).isEqualTo(1);
    assertThat(engine.describe(handle.id()).history()).hasSize(recorded);
    assertThatThrownBy(() -> engine.query(handle.id(), "total", Integer.class))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("'total'").hasMessageContaining("[count, items]");
    assertThatThrownBy(() -> engine.query("no-such-saga", "count", Integer.class))
        .hasMessageContaining("no-such-saga");
  }

  @Test
  void anAttemptThatStopsHeartbeatingIsRetriedAndTheNextReadsItsLastHeartbeat() {
    SagaEngine engine = engine(new QueryFixtures.ImportSaga());
    var handle = engine.start(QueryFixtures.ImportSaga.class, new OrderInput("o-50", 1));

    assertThat(handle.result(WAIT)).isEqualTo(10);
    assertThat(fixtures.calls()).first().isEqualTo("import:1:none");
    assertThat(fixtures.calls()).last().isEqualTo("import:" + fixtures.calls().size() + ":3");
    SagaDescription d = engine.describe(handle.id());
    HistoryEvent timedOut = d.history().stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED).findFirst().orElseThrow();
    assertThat(timedOut.attributes().path("failure").path("kind").asText()).isEqualTo("TIMEOUT");
    assertThat(timedOut.attributes().path("failure").path("message").asText()).contains("heartbeat");
    assertThat(timedOut.attributes().path("heartbeat_details").asInt()).isEqualTo(3);
    assertThat(timedOut.attributes().path("will_retry").asBoolean()).isTrue();
  }

  @Test
  void perCallOptionsOverrideTheActivityClassDefaults() {
    SagaEngine engine = engine(new QueryFixtures.NoRetrySaga());
    var handle = engine.start(QueryFixtures.NoRetrySaga.class, new OrderInput("o-51", 1));

    assertThatThrownBy(() -> handle.result(WAIT)).hasMessageContaining("gateway busy, attempt 1");
    assertThat(fixtures.calls()).containsExactly("flaky:1:" + handle.id() + "/1");
    HistoryEvent failed = engine.describe(handle.id()).history().stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED).findFirst().orElseThrow();
    assertThat(failed.attributes().path("will_retry").asBoolean()).isFalse();
  }

  @Test
  void aSignalSentBeforeTheSagaWaitsForItIsKept() {
    SagaEngine client = engine(0, new ApprovalSaga());
    SagaHandle<Approval> handle = client.start(ApprovalSaga.class, new OrderInput("o-13", 1));
    client.signal(handle.id(), "approve", new Approval(true, "early"));
    engine(2, new ApprovalSaga());

    assertThat(handle.result(WAIT)).isEqualTo(new Approval(true, "early"));
  }

  @Test
  void aSignalAfterATimedOutWaitGoesToTheNextWait() throws Exception {
    SagaEngine engine = engine(new OrderFixtures.SecondChanceSaga());
    var handle = engine.start(OrderFixtures.SecondChanceSaga.class, new OrderInput("o-16", 1));
    awaitTimer(handle.id());
    clock.advance(Duration.ofMinutes(10));
    assertThat(engine.fireDueTimers()).isEqualTo(1);
    await(engine, handle.id(), d -> types(d).stream().filter(t -> t == EventType.TIMER_CREATED).count() == 2);
    awaitTimer(handle.id());

    engine.signal(handle.id(), "approve", new Approval(true, "late"));

    assertThat(handle.result(WAIT)).isEqualTo(new Approval(true, "late"));
  }

  @Test
  @Drives({"Paused -> Running", "Running -> Failed", "Failed -> Compensating", "Compensating -> Cancelled"})
  void signalTimeoutCompensates() throws Exception {
    SagaEngine engine = engine(new ApprovalSaga());
    SagaHandle<Approval> handle = engine.start(ApprovalSaga.class, new OrderInput("o-4", 1));
    awaitTimer(handle.id());
    clock.advance(Duration.ofHours(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThatThrownBy(() -> handle.result(WAIT)).hasMessageContaining("no signal 'approve'");
    assertThat(fixtures.calls()).containsExactly("reserve:o-4", "release:r-o-4");
    assertThat(engine.describe(handle.id()).failure()).hasValueSatisfying(
        f -> assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT));
  }

  @Test
  void aWorkflowTimeoutStopsTheSagaAndCompensates() throws Exception {
    SagaEngine engine = engine(new OrderFixtures.ImpatientSaga());
    var handle = engine.start(OrderFixtures.ImpatientSaga.class, new OrderInput("o-14", 1));
    awaitTimer(handle.id());
    clock.advance(Duration.ofMinutes(30));
    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(OperonException.class)
        .hasMessageContaining("workflow timeout");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(d.failure()).hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(fixtures.calls()).containsExactly("reserve:o-14", "release:r-o-14");
    assertThat(types(d)).containsSubsequence(EventType.WORKFLOW_EXECUTION_TIMED_OUT,
        EventType.TIMER_CANCELED, EventType.WORKFLOW_EXECUTION_FAILED, EventType.COMPENSATION_STARTED);
    assertThat(ports.timers().listByOwner(handle.id()))
        .noneMatch(t -> t.status() == TimerStatus.PENDING);
  }

  @Test
  void cancelRunsCompensationsAndEndsCancelled() throws Exception {
    SagaEngine engine = engine(new ApprovalSaga());
    SagaHandle<Approval> handle = engine.start(ApprovalSaga.class, new OrderInput("o-5", 1));
    awaitTimer(handle.id());

    assertThat(engine.cancel(handle.id())).isTrue();

    assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(OperonException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(fixtures.calls()).containsExactly("reserve:o-5", "release:r-o-5");
    assertThat(engine.describe(handle.id()).state()).isEqualTo(SagaState.CANCELLED);
    assertThat(engine.cancel(handle.id())).isFalse();
  }

  @Test
  void cancelDuringARunningStepWaitsForItAndCompensatesItToo() throws Exception {
    SagaEngine engine = engine(new OrderFixtures.GatedSaga());
    var handle = engine.start(OrderFixtures.GatedSaga.class, new OrderInput("o-17", 1));
    assertThat(fixtures.gateEntered.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThat(engine.cancel(handle.id())).isTrue();
    assertThat(engine.describe(handle.id()).state()).isEqualTo(SagaState.PAUSED);
    fixtures.gateOpen.countDown();

    assertThatThrownBy(() -> handle.result(WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(fixtures.calls()).containsExactly("gated-reserve:o-17", "release:g-o-17");
    assertThat(engine.describe(handle.id()).state()).isEqualTo(SagaState.CANCELLED);
  }

  @Test
  void nonDeterminismIsReportedWithSagaEventAndDifference() throws Exception {
    SagaEngine v1 = engine(new SleepySaga());
    SagaHandle<String> handle = v1.start(SleepySaga.class, new OrderInput("o-6", 1));
    await(v1, handle.id(), d -> types(d).contains(EventType.TIMER_CREATED));

    Workflow<OrderInput, String> changed = changedSleepySaga();
    SagaEngine v2 = engine(0, changed);
    assertThatThrownBy(() -> v2.verifyReplay(handle.id()))
        .isInstanceOf(OperonException.class)
        .satisfies(e -> {
          OperonException o = (OperonException) e;
          assertThat(o.kind()).isEqualTo(ErrorKind.REPLAY);
          assertThat(o.sagaId()).contains(handle.id());
          assertThat(o.id("event")).contains("2");
        })
        .hasMessageContaining("history event 2")
        .hasMessageContaining("reserve-inventory")
        .hasMessageContaining("charge-payment");
    v1.verifyReplay(handle.id());
  }

  @Test
  void aPatchMarkerLetsChangedCodeRunNewSagasWhileOldOnesReplayTheOldPath() throws Exception {
    SagaEngine v1 = engine(new OrderFixtures.ShippingV1());
    String old = v1.start("Shipping", new OrderInput("o-18", 1), null).id();
    awaitTimer(old);
    v1.close();

    SagaEngine v2 = engine(new OrderFixtures.ShippingV2());
    v2.verifyReplay(old);
    String fresh = v2.start("Shipping", new OrderInput("o-19", 1), null).id();
    awaitTimer(fresh);
    clock.advance(Duration.ofHours(1));
    assertThat(v2.fireDueTimers()).isEqualTo(2);

    assertThat(v2.handle(old).result(WAIT)).isEqualTo("v2 replaying v1");
    assertThat(v2.handle(fresh).result(WAIT)).isEqualTo("v2 with charge");
    assertThat(fixtures.calls()).containsExactly("reserve:o-18", "ship:o-18", "reserve:o-19", "charge:o-19", "ship:o-19");
    assertThat(types(v2.describe(fresh))).contains(EventType.MARKER_RECORDED);
    assertThat(types(v2.describe(old))).doesNotContain(EventType.MARKER_RECORDED);
  }

  @Test
  void twoEnginesSharingTheBackendNeverRecordAStepTwice() {
    SagaEngine a = engine(2, new OrderSaga());
    SagaEngine b = engine(2, new OrderSaga());
    List<SagaHandle<OrderResult>> handles = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      handles.add((i % 2 == 0 ? a : b).start(OrderSaga.class, new OrderInput("o-" + i, i)));
    }
    for (SagaHandle<OrderResult> handle : handles) {
      assertThat(handle.result(WAIT).txnId()).startsWith("t-o-");
      SagaDescription d = a.describe(handle.id());
      List<String> recorded = d.history().stream()
          .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED
              || e.eventType() == EventType.ACTIVITY_TASK_COMPLETED)
          .map(e -> e.eventType() + "/" + e.text("activity_id"))
          .toList();
      assertThat(recorded).doesNotHaveDuplicates().hasSize(6);
      assertThat(types(d)).containsOnlyOnce(EventType.WORKFLOW_EXECUTION_COMPLETED);
    }
  }

  @Test
  void aFailingAttemptIsRetriedWithTheSameIdempotencyKey() {
    SagaEngine engine = engine(new OrderFixtures.RetrySaga());
    SagaHandle<OrderFixtures.Payment> handle = engine.start(OrderFixtures.RetrySaga.class, new OrderInput("o-8", 1));

    assertThat(handle.result(WAIT)).isEqualTo(new OrderFixtures.Payment("t-o-8-3"));
    String key = handle.id() + "/1";
    assertThat(fixtures.calls()).containsExactly("flaky:1:" + key, "flaky:2:" + key, "flaky:3:" + key);
    List<HistoryEvent> failures = engine.describe(handle.id()).history().stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED).toList();
    assertThat(failures).hasSize(2).allSatisfy(e -> assertThat(e.attributes().get("will_retry").asBoolean()).isTrue());
    assertThat(failures.get(1).retry()).isTrue();
  }

  @Test
  @Drives({"Failed -> Compensating", "Compensating -> Failed", "Failed -> Terminal"})
  void aCompensationThatKeepsFailingEndsTheSagaFailedNamingIt() {
    SagaEngine engine = engine(new OrderFixtures.BrokenCompensationSaga());
    var handle = engine.start(OrderFixtures.BrokenCompensationSaga.class, new OrderInput("fail-9", 1));

    assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(OperonException.class);
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.FAILED);
    assertThat(fixtures.calls()).containsExactly("reserve:fail-9", "ship:fail-9",
        "broken-release:1", "broken-release:2", "broken-release:3", "broken-release:4");
    HistoryEvent last = d.history().get(d.history().size() - 1);
    assertThat(last.eventType()).isEqualTo(EventType.COMPENSATION_FAILED);
    assertThat(last.text("activity_type")).isEqualTo("broken-release");
    assertThat(d.failure()).hasValueSatisfying(f -> assertThat(f.message()).contains("carrier refused"));
  }

  @Test
  void aSagaWhoseTaskTheQueueLostIsResumedFromItsHistoryOnStart() throws Exception {
    SagaEngine client = engine(0, new OrderSaga());
    SagaHandle<OrderResult> handle = client.start(OrderSaga.class, new OrderInput("o-11", 1));
    loseTasks("saga-workflows");

    SagaEngine worker = engine(2, new OrderSaga());
    recoverUntilTerminal(worker, handle.id());

    assertThat(handle.result(WAIT).trackingNo()).isEqualTo("s-o-11-1");
    assertThat(fixtures.calls()).containsExactly("reserve:o-11", "charge:o-11", "ship:o-11");
  }

  @Test
  void aLostActivityTaskRunsAgainAtItsDeadlineWithoutUsingARetry() {
    SagaEngine client = engine(0, new OrderSaga());
    SagaHandle<OrderResult> handle = client.start(OrderSaga.class, new OrderInput("o-12", 1));
    processor(new OrderSaga()).process(handle.id());
    loseTasks("saga-activities");
    engineWithoutReconciler(2, new OrderSaga());

    clock.advance(ActivityOptions.DEFAULT_TIMEOUT.minusSeconds(1));
    assertThat(client.fireDueTimers()).isZero();
    clock.advance(Duration.ofSeconds(1));
    // no worker ever took the attempt: it never started, so it runs again at once, as a lost one
    assertThat(client.fireDueTimers()).isEqualTo(1);

    assertThat(handle.result(WAIT).trackingNo()).isEqualTo("s-o-12-1");
    assertThat(fixtures.calls()).containsExactly("reserve:o-12", "charge:o-12", "ship:o-12");
    HistoryEvent unstarted = client.describe(handle.id()).history().stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED).findFirst().orElseThrow();
    assertThat(unstarted.attributes().path("failure").path("kind").asText()).isEqualTo("TIMEOUT");
    assertThat(unstarted.attributes().path("failure").path("message").asText()).contains("taken by no worker");
    assertThat(unstarted.attributes().path("will_retry").asBoolean()).isTrue();
    assertThat(unstarted.attributes().path("worker_lost").asBoolean()).isTrue();
  }

  @Test
  void aLongHistoryIsSnapshottedAndStillReplaysToTheEnd() {
    SagaEngine engine = engine(new OrderFixtures.LongSaga());
    var handle = engine.start(OrderFixtures.LongSaga.class, new OrderInput("o-15", 1));

    assertThat(handle.result(WAIT)).isEqualTo(55);
    assertThat(ports.events().snapshotCount(handle.id())).isEqualTo(1);
    assertThat(ports.events().latestSnapshot(handle.id()))
        .hasValueSatisfying(s -> assertThat(s.lastEventId()).isEqualTo(100));
    assertThat(engine.describe(handle.id()).history()).extracting(HistoryEvent::eventId)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 112).boxed().toList());
    assertThat(fixtures.calls()).hasSize(55).doesNotHaveDuplicates();
  }

  @Test
  void startIsIdempotentPerBusinessIdAndRejectsBadInput() {
    SagaEngine engine = engine(new OrderSaga());
    SagaHandle<OrderResult> first = engine.start(OrderSaga.class, new OrderInput("o-7", 1), "order-7");
    SagaHandle<OrderResult> again = engine.start(OrderSaga.class, new OrderInput("o-7", 1), "order-7");
    assertThat(again.id()).isEqualTo(first.id()).isEqualTo("order-7");
    assertThat(first.result(WAIT).txnId()).isEqualTo("t-o-7");
    assertThat(fixtures.calls()).containsOnlyOnce("charge:o-7");

    assertThatThrownBy(() -> engine.start("NoSuchSaga", new OrderInput("x", 1), null))
        .hasMessageContaining("NoSuchSaga")
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION));
    assertThatThrownBy(() -> engine.start("OrderSaga", "not an order", null))
        .hasMessageContaining("OrderSaga").hasMessageContaining("OrderInput");
    assertThatThrownBy(() -> engine.cancel("no-such-saga")).hasMessageContaining("no-such-saga");
  }

  /** SleepySaga with its first step changed: replaying a SleepySaga history on it is non-deterministic. */
  static Workflow<OrderInput, String> changedSleepySaga() {
    return new Workflow<>() {
      @Override
      public String run(WorkflowContext ctx, OrderInput in) {
        return ctx.activity(OrderFixtures.ChargePayment.class, in).txnId();
      }

      @Override
      public String type() {
        return "SleepySaga";
      }

      @Override
      public Class<OrderInput> inputType() {
        return OrderInput.class;
      }

      @Override
      public Class<String> outputType() {
        return String.class;
      }
    };
  }

  @Test
  @Drives({"Paused -> Running", "Running -> Cancelled"})
  void cancelWithoutCompensableStepsGoesFromRunningStraightToCancelled() throws Exception {
    SagaEngine engine = engine(new OrderFixtures.SecondChanceSaga());
    var handle = engine.start(OrderFixtures.SecondChanceSaga.class, new OrderInput("o-21", 1));
    awaitTimer(handle.id());

    assertThat(engine.cancel(handle.id())).isTrue();

    assertThatThrownBy(() -> handle.result(WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(types(d)).doesNotContain(EventType.COMPENSATION_STARTED, EventType.WORKFLOW_EXECUTION_FAILED)
        .endsWith(EventType.WORKFLOW_EXECUTION_CANCELED);
    assertThat(fixtures.calls()).isEmpty();
  }

  @Test
  @Drives({"Running -> Failed", "Failed -> Compensating", "Compensating -> Cancelled"})
  void cancelCompensatesEveryCompletedStepNewestFirst() throws Exception {
    SagaEngine engine = engine(new OrderFixtures.ChargedApprovalSaga());
    var handle = engine.start(OrderFixtures.ChargedApprovalSaga.class, new OrderInput("o-22", 1));
    awaitTimer(handle.id());

    assertThat(engine.describe(handle.id()).plannedCompensations())
        .containsExactly("refund-payment", "release-inventory");
    assertThat(engine.cancel(handle.id())).isTrue();

    assertThatThrownBy(() -> handle.result(WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(fixtures.calls()).containsExactly("reserve:o-22", "charge:o-22", "refund:t-o-22", "release:r-o-22");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(types(d)).containsSubsequence(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED,
        EventType.WORKFLOW_EXECUTION_FAILED, EventType.COMPENSATION_STARTED, EventType.WORKFLOW_EXECUTION_CANCELED);
  }

  @Test
  @Drives({"Paused -> Failed", "Failed -> Terminal"})
  void aStepThatFailsForGoodWithNothingToCompensateEndsTheSagaFailed() {
    SagaEngine engine = engine(new OrderFixtures.DoomedSaga());
    var handle = engine.start(OrderFixtures.DoomedSaga.class, new OrderInput("fail-23", 1));

    assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(OperonException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.ACTIVITY_EXECUTION))
        .hasMessageContaining("carrier refused order fail-23");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.FAILED);
    assertThat(d.terminal()).isTrue();
    assertThat(types(d)).doesNotContain(EventType.COMPENSATION_STARTED)
        .endsWith(EventType.WORKFLOW_EXECUTION_FAILED);
    assertThat(fixtures.calls()).containsExactly("ship:fail-23");
  }

  @Test
  void aHistoryThatImpliesAMoveOutsideTheTableIsReported() {
    SagaEngine engine = engine(new OrderSaga());
    SagaHandle<OrderResult> handle = engine.start(OrderSaga.class, new OrderInput("o-24", 1));
    handle.result(WAIT);
    HistoryStore histories = new HistoryStore(ports.events());
    HistoryEvent compensate = new HistoryEvent(0, handle.id(), EventType.COMPENSATION_STARTED, null,
        clock.instant(), null, HistoryEvent.CURRENT_VERSION, false, false, null);
    int length = engine.describe(handle.id()).history().size();
    // the engine's own appends never write such a history: the append is refused, nothing stored
    assertThatThrownBy(() -> histories.append(histories.load(handle.id()), List.of(compensate)))
        .isInstanceOf(OperonException.class).hasMessageContaining("Completed").hasMessageContaining("Compensating");
    assertThat(engine.describe(handle.id()).history()).hasSize(length);

    // written around the engine, straight to the event store, it is reported when read
    ports.events().append(handle.id(), length, List.of(new dev.operon.eventstore.NewEvent(
        EventType.COMPENSATION_STARTED.typeName(), dev.operon.codec.Codec.json().encode(compensate),
        Map.of("category", compensate.category().label()))));
    assertThatThrownBy(() -> engine.describe(handle.id())).isInstanceOf(OperonException.class)
        .hasMessageContaining(handle.id()).hasMessageContaining("Completed").hasMessageContaining("Compensating");
  }

  @Test
  void aRestartedEngineFinishesTheSagasInFlightOnTheSameBackend() throws Exception {
    Assumptions.assumeTrue(survivesRestart(), "this backend keeps nothing once closed");
    SagaEngine before = engine(2, new SleepySaga());
    SagaHandle<String> sleeping = before.start(SleepySaga.class, new OrderInput("o-25", 1));
    awaitTimer(sleeping.id());
    SagaEngine client = engine(0, new OrderSaga());
    SagaHandle<OrderResult> queued = client.start(OrderSaga.class, new OrderInput("o-26", 1));
    before.close();
    client.close();
    ports.closer().close();

    ports = reopen(clock);
    SagaEngine after = engine(2, new SleepySaga(), new OrderSaga());

    assertThat(after.handle(queued.id()).result(WAIT)).isEqualTo(new OrderResult("r-o-26", "t-o-26", "s-o-26-1"));
    clock.advance(Duration.ofHours(1));
    assertThat(after.fireDueTimers()).isEqualTo(1);
    assertThat(after.handle(sleeping.id()).result(WAIT))
        .isEqualTo("s-o-25-1@" + ManualClock.DEFAULT_START.plus(Duration.ofHours(1)));
    assertThat(fixtures.calls()).containsExactlyInAnyOrder("reserve:o-25", "reserve:o-26", "charge:o-26",
        "ship:o-26", "ship:o-25");
  }

  @Test
  void aCorruptSnapshotIsIgnoredAndTheSagaStillFinishesFromItsFullHistory() throws Exception {
    SagaEngine engine = engine(new OrderFixtures.LongSleepySaga());
    var handle = engine.start(OrderFixtures.LongSleepySaga.class, new OrderInput("o-27", 1));
    awaitTimer(handle.id());
    assertThat(ports.events().latestSnapshot(handle.id()))
        .hasValueSatisfying(s -> assertThat(s.lastEventId()).isEqualTo(100));
    int written = engine.describe(handle.id()).history().size();
    ports.events().saveSnapshot(handle.id(), written, "not a history".getBytes(StandardCharsets.UTF_8));

    clock.advance(Duration.ofMinutes(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThat(handle.result(WAIT)).isEqualTo(55);
    assertThat(engine.describe(handle.id()).history()).extracting(HistoryEvent::eventId)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, written + 2).boxed().toList());
    assertThat(fixtures.calls()).hasSize(55).doesNotHaveDuplicates();
  }

  @Test
  void aNonDeterministicReplayOnAWorkerParksTheSagaAndFixedCodeResumesIt() throws Exception {
    SagaEngine v1 = engine(new SleepySaga());
    SagaHandle<String> handle = v1.start(SleepySaga.class, new OrderInput("o-28", 1));
    awaitTimer(handle.id());
    v1.close();
    int written = v1.describe(handle.id()).history().size();

    SagaEngine changed = engine(2, false, changedSleepySaga());
    // on PostgreSQL the global log may lag: another round then
    eventually(WAIT, () -> assertThat(changed.recover()).as("sagas recovery found (saga %s)", handle.id())
        .isPositive());
    await(changed, handle.id(), d -> d.blocked().isPresent());
    SagaDescription parked = changed.describe(handle.id());
    assertThat(parked.blocked()).hasValueSatisfying(block -> {
      assertThat(block.kind()).isEqualTo(ErrorKind.REPLAY);
      assertThat(block.message()).contains(handle.id()).contains("charge-payment");
    });
    assertThat(types(parked)).hasSize(written + 1).endsWith(EventType.WORKFLOW_TASK_FAILED);
    assertThat(parked.state()).isEqualTo(SagaState.PAUSED);
    assertThat(ports.queue().deadLetters("saga-workflows", 10)).isEmpty();
    changed.close();

    SagaEngine fixed = engine(2, new SleepySaga());
    clock.advance(Duration.ofHours(1));
    assertThat(fixed.fireDueTimers()).isEqualTo(1);
    assertThat(handle.result(WAIT)).startsWith("s-o-28-1@");
    assertThat(fixtures.calls()).containsExactly("reserve:o-28", "ship:o-28");
    assertThat(fixed.describe(handle.id()).blocked()).isEmpty();
  }

  @Test
  void aStepWhoseTaskTheQueueLostIsRunAgainAfterARestart() throws Exception {
    SagaEngine client = engine(0, new OrderSaga());
    SagaHandle<OrderResult> handle = client.start(OrderSaga.class, new OrderInput("o-29", 1));
    processor(new OrderSaga()).process(handle.id());
    loseTasks("saga-activities");

    // On PostgreSQL the global log a recovery scans may lag, so it may take another round.
    eventually(WAIT, () -> assertThat(client.recover()).as("sagas recovery found (saga %s)", handle.id())
        .isPositive());
    // A queue whose dedup window outlives the task (JetStream) drops the re-published attempt as a
    // duplicate of the lost one; then the attempt's timeout timer runs the step again instead, at
    // once, since no worker ever took it.
    assertThat(ports.queue().stats("saga-activities").depth()).isEqualTo(dedupEndsWithTheTask() ? 1 : 0);
    SagaEngine worker = engine(2, false, new OrderSaga());
    if (!dedupEndsWithTheTask()) {
      clock.advance(ActivityOptions.DEFAULT_TIMEOUT);
      assertThat(worker.fireDueTimers()).isEqualTo(1);
    }

    assertThat(handle.result(WAIT).trackingNo()).isEqualTo("s-o-29-1");
    assertThat(fixtures.calls()).containsExactly("reserve:o-29", "charge:o-29", "ship:o-29");
  }

  // Local continuation: a worker that finishes a step records it with the next decision and runs
  // the next step itself.

  @Test
  void eachStepIsRecordedTogetherWithTheNextDecisionInOneAppend() {
    AppendCounter continuing = new AppendCounter(ports.events());
    SagaEngine engine = track(builder(continuing).build());
    SagaHandle<OrderResult> handle = engine.start(OrderSaga.class, new OrderInput("o-30", 1));
    assertThat(handle.result(WAIT).trackingNo()).isEqualTo("s-o-30-1");
    // started + step 1 scheduled, 1 done + 2 scheduled, 2 done + 3 scheduled, 3 done + completed
    assertThat(continuing.appends(handle.id())).isEqualTo(4);
    engine.close();

    AppendCounter queued = new AppendCounter(ports.events());
    SagaEngine throughQueues = track(builder(queued).localContinuation(false).build());
    SagaHandle<OrderResult> other = throughQueues.start(OrderSaga.class, new OrderInput("o-31", 1));
    assertThat(other.result(WAIT).trackingNo()).isEqualTo("s-o-31-1");
    assertThat(queued.appends(other.id())).isEqualTo(8);
    assertThat(types(engine.describe(handle.id()))).isEqualTo(types(engine.describe(other.id())));
  }

  @Test
  void aProcessDyingBetweenRecordingAStepAndContinuingIsRepairedOnTheNextStart() throws Exception {
    // each write commits on its own (the path of backends without transactions and of mixed setups)
    dyingAfterTheSecondStepIsRecordedLosesNothing(Transactor.direct(), "o-32");
  }

  @Test
  void aProcessKilledBetweenAGroupCommitAndItsCallersWakeUpLosesNothing() throws Exception {
    assumeTrue(ports.transactor().atomic(), "the backend has transactions");
    // the second step's result and the third step's scheduling are the append alone: it goes to the
    // event store's group commit, which commits it; the process dies before the worker hears back
    dyingAfterTheSecondStepIsRecordedLosesNothing(ports.transactor(), "o-33");
  }

  private void dyingAfterTheSecondStepIsRecordedLosesNothing(Transactor transactor, String order) throws Exception {
    DyingPorts process = new DyingPorts();
    SagaEngine dying = dyingAfterAppendTo(process, transactor, 4);
    SagaHandle<OrderResult> handle = dying.start(OrderSaga.class, new OrderInput(order, 1));
    await(engine(0, new OrderSaga()), handle.id(), d -> process.dead());
    dying.close();
    SagaDescription atDeath = engine(0, new OrderSaga()).describe(handle.id());
    assertThat(types(atDeath)).endsWith(EventType.ACTIVITY_TASK_COMPLETED, EventType.ACTIVITY_TASK_SCHEDULED);
    // the steps ran in the process that scheduled them, which wrote no timer for them
    assertThat(ports.timers().listByOwner(handle.id())).isEmpty();

    SagaEngine next = engine(2, new OrderSaga());
    // a saga that moved less than this ago may run in a live process that has not written its
    // lease timer yet: recovery leaves it to the reconciler
    clock.advance(SagaRecovery.YOUNG);
    recoverUntilTerminal(next, handle.id());

    assertThat(((OrderResult) next.handle(handle.id()).result(WAIT)).trackingNo()).isEqualTo("s-" + order + "-2");
    assertThat(fixtures.calls()).containsExactly("reserve:" + order, "charge:" + order, "ship:" + order);
    // the third step's attempt lost its worker: recorded so, and run again without using a retry
    assertThat(results(next.describe(handle.id()))).containsExactly("ACTIVITY_TASK_COMPLETED/1/1",
        "ACTIVITY_TASK_COMPLETED/2/1", "ACTIVITY_TASK_FAILED/3/1", "ACTIVITY_TASK_COMPLETED/3/2");
  }

  @Test
  void aProcessDyingInsideAnAtomicTransitionLeavesNoPartOfItAndIsRepairedOnTheNextStart() throws Exception {
    assumeTrue(ports.transactor().atomic(), "the backend has transactions");
    DyingPorts process = new DyingPorts();
    // the third step's result, the saga's end and its summary row are one transaction
    SagaEngine dying = dyingAfterAppendTo(process, ports.transactor(), 6);
    SagaHandle<OrderResult> handle = dying.start(OrderSaga.class, new OrderInput("o-34", 1));
    await(engine(0, new OrderSaga()), handle.id(), d -> process.dead());
    dying.close();
    // the process died after the append, before the commit: none of the transaction is there; the
    // steps ran in the process that scheduled them, which wrote no timer for them
    SagaDescription atDeath = engine(0, new OrderSaga()).describe(handle.id());
    assertThat(types(atDeath)).hasSize(6).endsWith(EventType.ACTIVITY_TASK_COMPLETED,
        EventType.ACTIVITY_TASK_SCHEDULED);
    assertThat(atDeath.terminal()).isFalse();
    assertThat(ports.timers().listByOwner(handle.id())).isEmpty();

    // once the saga is quiet, the reconciler of another engine records the third step's attempt as
    // lost and runs the step again (without counting it against the retry policy)
    SagaEngine next = engineWithoutReconciler(2, new OrderSaga());
    assertThat(next.reconcile()).as("the saga is not quiet yet").isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(next.reconcile()).isEqualTo(1);
    assertThat(((OrderResult) next.handle(handle.id()).result(WAIT)).trackingNo()).isEqualTo("s-o-34-2");
    // the third step ran in the dying process and again after it (at least once); each step is recorded once
    assertThat(fixtures.calls()).containsExactly("reserve:o-34", "charge:o-34", "ship:o-34", "ship:o-34");
    SagaDescription d = next.describe(handle.id());
    assertThat(results(d)).containsExactly("ACTIVITY_TASK_COMPLETED/1/1", "ACTIVITY_TASK_COMPLETED/2/1",
        "ACTIVITY_TASK_FAILED/3/1", "ACTIVITY_TASK_COMPLETED/3/2");
    assertThat(d.history()).filteredOn(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED).singleElement()
        .satisfies(lost -> {
          assertThat(lost.attributes().path("worker_lost").asBoolean()).isTrue();
          assertThat(lost.attributes().path("will_retry").asBoolean()).isTrue();
          assertThat(lost.attributes().path("failure").path("message").asText()).contains("lost its worker");
        });
  }

  @Test
  void aFailureAfterTheAppendButBeforeTheCommitLeavesNeitherTheEventNorTheTimerNorTheTask() {
    assumeTrue(ports.transactor().atomic(), "the backend has transactions");
    SagaHandle<OrderResult> handle = engine(0, new OrderSaga()).start(OrderSaga.class, new OrderInput("o-35", 1));
    loseTasks("saga-workflows");
    Transactor failing = new Transactor() {
      @Override
      public <T> T inTransaction(java.util.function.Supplier<T> work) {
        return ports.transactor().inTransaction(() -> {
          work.get();
          // the append, the timer and the task are written in this transaction and visible in it
          assertThat(ports.timers().listByOwner(handle.id())).isNotEmpty();
          throw new IllegalStateException("the process died before the commit");
        });
      }

      @Override
      public boolean atomic() {
        return true;
      }

      @Override
      public boolean joins(Object port) {
        return ports.transactor().joins(port);
      }
    };

    assertThatThrownBy(() -> processor(new OrderSaga(), failing).process(handle.id()))
        .hasMessageContaining("died before the commit");
    assertThat(types(engine(0, new OrderSaga()).describe(handle.id())))
        .containsExactly(EventType.WORKFLOW_EXECUTION_STARTED);
    assertThat(ports.timers().listByOwner(handle.id())).isEmpty();
    assertThat(ports.queue().fetch("saga-activities", 10, Duration.ZERO)).isEmpty();

    processor(new OrderSaga(), ports.transactor()).process(handle.id());
    assertThat(types(engine(0, new OrderSaga()).describe(handle.id())))
        .containsExactly(EventType.WORKFLOW_EXECUTION_STARTED, EventType.ACTIVITY_TASK_SCHEDULED);
    assertThat(ports.timers().listByOwner(handle.id())).extracting(t -> t.id())
        .containsExactly(handle.id() + "/activity-1-1");
    assertThat(ports.queue().fetch("saga-activities", 10, WAIT)).hasSize(1);
  }

  @Test
  void aStepRunningInOneEngineAndRecoveredByAnotherIsRecordedOnce() throws Exception {
    SagaEngine a = engine(2, new OrderFixtures.GatedSaga());
    SagaHandle<Payment> handle = a.start(OrderFixtures.GatedSaga.class, new OrderInput("o-33", 1));
    assertThat(fixtures.gateEntered.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    SagaEngine b = engine(2, new OrderFixtures.GatedSaga());
    b.recover();
    fixtures.gateOpen.countDown();

    assertThat(handle.result(WAIT).txnId()).isEqualTo("t-o-33");
    SagaDescription d = b.describe(handle.id());
    assertThat(results(d)).doesNotHaveDuplicates().hasSize(2);
    assertThat(types(d)).containsOnlyOnce(EventType.WORKFLOW_EXECUTION_COMPLETED);
    assertThat(fixtures.calls()).containsOnlyOnce("charge:o-33");
  }

  @Test
  void twoContinuingEnginesThatRecoverEachOthersSagasRecordEveryStepOnce() {
    SagaEngine a = engine(2, new OrderSaga());
    SagaEngine b = engine(2, new OrderSaga());
    List<SagaHandle<OrderResult>> handles = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      handles.add((i % 2 == 0 ? a : b).start(OrderSaga.class, new OrderInput("o-r" + i, i)));
      if (i % 5 == 4) {
        (i % 2 == 0 ? b : a).recover();
      }
    }
    for (SagaHandle<OrderResult> handle : handles) {
      assertThat(handle.result(WAIT).txnId()).startsWith("t-o-r");
      SagaDescription d = a.describe(handle.id());
      assertThat(results(d)).doesNotHaveDuplicates().hasSize(3);
      assertThat(types(d)).containsOnlyOnce(EventType.WORKFLOW_EXECUTION_COMPLETED);
    }
  }

  /** The recorded step results of a saga, as "type/step/attempt". */
  static List<String> results(SagaDescription d) {
    return d.history().stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED || e.eventType() == EventType.ACTIVITY_TASK_FAILED)
        .map(e -> e.eventType() + "/" + e.text("activity_id") + "/" + e.attributes().path("attempt").asInt())
        .toList();
  }

  SagaEngineBuilder builder(EventStore events) {
    return SagaEngine.builder().transactor(ports.transactor()).eventStore(events).taskQueue(ports.queue()).timerStore(ports.timers())
        .visibility(SagaVisibilities.forEventStore(ports.events()))
        .clock(clock).activities(fixtures.activities()).workflows(new OrderSaga())
        .workers(2).timerPoll(Duration.ZERO);
  }

  SagaEngine track(SagaEngine engine) {
    engines.add(engine);
    return engine;
  }

  /** Counts the appends to each stream. */
  static final class AppendCounter extends ForwardingEventStore {
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> appends =
        new java.util.concurrent.ConcurrentHashMap<>();

    AppendCounter(EventStore delegate) {
      super(delegate);
    }

    @Override
    public long append(String stream, long expectedLastId, List<dev.operon.eventstore.NewEvent> events) {
      appends.computeIfAbsent(stream, s -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
      return super.append(stream, expectedLastId, events);
    }

    int appends(String stream) {
      return appends.getOrDefault(stream, new java.util.concurrent.atomic.AtomicInteger()).get();
    }
  }
  /**
   * An engine on {@code process}'s ports that dies when it creates the timeout timer of step 2's
   * first attempt, writing through {@code transactor}.
   */
  /** An engine whose process dies once the append after event {@code lastId} of a saga reached the store. */
  private SagaEngine dyingAfterAppendTo(DyingPorts process, Transactor transactor, long lastId) {
    return track(SagaEngine.builder().transactor(transactor)
        .eventStore(process.wrapDyingAfter(EventStore.class, ports.events(), (method, args) ->
            method.getName().equals("append") && args.length == 3 && Long.valueOf(lastId).equals(args[1])))
        .visibility(SagaVisibilities.forEventStore(ports.events()))
        .taskQueue(process.wrap(TaskQueue.class, ports.queue()))
        .timerStore(process.wrap(TimerStore.class, ports.timers()))
        .clock(clock).activities(fixtures.activities()).workflows(new OrderSaga())
        .workers(2).timerPoll(Duration.ZERO).build());
  }

  /**
   * Waits until saga {@code sagaId} is terminal, running {@code engine}'s recovery each round: on
   * PostgreSQL the global log a recovery scans may lag behind other transactions on the server, so
   * an engine may need another round to see a saga.
   */
  private static void recoverUntilTerminal(SagaEngine engine, String sagaId) {
    await(engine, sagaId, d -> {
      if (!d.terminal()) {
        engine.recover();
      }
      return d.terminal();
    });
  }
}
