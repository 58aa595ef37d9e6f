package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.CompensationFixtures.CourierSaga;
import dev.operon.saga.CompensationFixtures.RefundingSaga;
import dev.operon.saga.CompensationRecord.Status;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.OrderResult;
import dev.operon.saga.internal.visibility.SagaVisibilities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A rollback whose compensation fails, on one backend: how {@code result()} and {@code describe()}
 * show it, {@link SagaEngine#retryCompensation(String)}, and the
 * {@link CompensationFailurePolicy}. A subclass opens the ports; {@link SagaBackendTest} checks after
 * each test annotated {@link Drives} that its sagas took the rows named.
 */
abstract class SagaCompensationContract extends SagaBackendTest {
  static final String ORIGINAL = "carrier refused order ";

  final OrderFixtures orders = fixtures;
  final CompensationFixtures downstream = new CompensationFixtures(orders.journal);

  SagaEngine engine(Consumer<SagaEngineBuilder> settings) {
    List<Activity<?, ?>> activities = new ArrayList<>(List.of(orders.activities()));
    activities.addAll(List.of(downstream.activities()));
    SagaEngineBuilder builder = SagaEngine.builder().transactor(ports.transactor())
        .eventStore(recording(ports.events())).taskQueue(ports.queue()).timerStore(ports.timers())
        .visibility(SagaVisibilities.forEventStore(ports.events()))
        .clock(clock).activities(activities.toArray(Activity<?, ?>[]::new))
        .workflows(new RefundingSaga(), new CourierSaga(), new OrderFixtures.OrderSaga(),
            new OrderFixtures.DoomedSaga(), new OrderFixtures.ApprovalSaga())
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

  /** The journal entries recorded since entry {@code from}. */
  List<String> callsSince(int from) {
    List<String> calls = orders.calls();
    return calls.subList(from, calls.size());
  }

  static CompensationFailedException rollbackFailure(SagaHandle<?> handle) {
    return catchThrowableOfType(CompensationFailedException.class, () -> handle.result(WAIT));
  }

  static List<HistoryEvent> eventsOf(SagaDescription d, EventType type) {
    return d.history().stream().filter(e -> e.eventType() == type).toList();
  }

  static OperonException validation(Runnable call) {
    OperonException e = catchThrowableOfType(OperonException.class, call::run);
    assertThat(e).as("a VALIDATION error").isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
    return e;
  }

  // ---- how a failed rollback looks

  @Test
  @Drives({"Paused -> Failed", "Failed -> Compensating", "Compensating -> Failed", "Failed -> Terminal"})
  void resultAndDescribeNameTheFailedCompensationAndWhatIsStillOwed() {
    downstream.payments.down("payment gateway down");
    SagaEngine engine = engine();
    SagaHandle<OrderResult> handle = engine.start(RefundingSaga.class, new OrderInput("fail-1", 100));

    CompensationFailedException e = rollbackFailure(handle);
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.COMPENSATION);
    assertThat(e.retryable()).isFalse();
    assertThat(e.sagaId()).hasValue(handle.id());
    assertThat(e.compensationType()).isEqualTo("gateway-refund");
    assertThat(e.stepId()).isEqualTo("2");
    assertThat(e.failure().message()).isEqualTo("payment gateway down");
    assertThat(e.originalFailure().message()).contains(ORIGINAL + "fail-1");
    assertThat(e.ran()).extracting(CompensationRecord::compensationType, CompensationRecord::status,
        CompensationRecord::attempts).containsExactly(tuple("gateway-refund", Status.FAILED, 4));
    assertThat(e.owed()).extracting(CompensationRecord::compensationType, CompensationRecord::status)
        .containsExactly(tuple("gateway-refund", Status.FAILED), tuple("release-inventory", Status.OWED));
    assertThat(e.failed()).singleElement().extracting(CompensationRecord::activityId).isEqualTo("c2");
    assertThat(e).hasMessageContaining("gateway-refund").hasMessageContaining("payment gateway down")
        .hasMessageContaining("release-inventory").hasMessageContaining(ORIGINAL + "fail-1");
    // the reservation was never released
    assertThat(orders.calls()).noneMatch(c -> c.startsWith("release:"))
        .filteredOn(c -> c.startsWith("gateway-refund:")).hasSize(4);

    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.FAILED);
    assertThat(d.terminal()).isTrue();
    assertThat(d.compensationFailed()).isTrue();
    assertThat(d.failure()).hasValueSatisfying(f -> {
      assertThat(f.kind()).isEqualTo(ErrorKind.ACTIVITY_EXECUTION);
      assertThat(f.message()).contains(ORIGINAL + "fail-1");
    });
    assertThat(d.compensations()).containsExactly(
        new CompensationRecord("c2", "gateway-refund", "2", Status.FAILED, 4,
            Optional.of(e.failure())),
        new CompensationRecord("c1", "release-inventory", "1", Status.OWED, 0, Optional.empty()));
    assertThat(d.plannedCompensations()).containsExactly("gateway-refund", "release-inventory");
    HistoryEvent failed = eventsOf(d, EventType.COMPENSATION_FAILED).get(0);
    assertThat(failed.text("activity_type")).isEqualTo("gateway-refund");
    assertThat(failed.attributes().get("failed")).hasSize(1);
  }

  @Test
  @Drives({"Compensating -> Cancelled", "Failed -> Terminal"})
  void aRolledBackSagaAndOneWithNothingToRollBackAreToldApartFromAFailedRollback() {
    SagaEngine engine = engine();
    var rolledBack = engine.start(RefundingSaga.class, new OrderInput("fail-2", 100));
    var doomed = engine.start(OrderFixtures.DoomedSaga.class, new OrderInput("fail-3", 100));

    assertThatThrownBy(() -> rolledBack.result(WAIT)).isNotInstanceOf(CompensationFailedException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThatThrownBy(() -> doomed.result(WAIT)).isNotInstanceOf(CompensationFailedException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.ACTIVITY_EXECUTION));

    SagaDescription back = engine.describe(rolledBack.id());
    assertThat(back.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(back.compensationFailed()).isFalse();
    assertThat(back.compensations()).extracting(CompensationRecord::compensationType, CompensationRecord::status)
        .containsExactly(tuple("gateway-refund", Status.COMPLETED), tuple("release-inventory", Status.COMPLETED));
    assertThat(back.plannedCompensations()).isEmpty();
    SagaDescription failed = engine.describe(doomed.id());
    assertThat(failed.state()).isEqualTo(SagaState.FAILED);
    assertThat(failed.compensationFailed()).isFalse();
    assertThat(failed.compensations()).isEmpty();
  }

  // ---- retrying it

  @Test
  @Drives({"Failed -> Compensating", "Compensating -> Failed", "Compensating -> Cancelled"})
  void retryCompensationRunsTheFailedCompensationOnceMoreThenTheOwedOnesAndEndsCancelled() {
    downstream.payments.down("payment gateway down");
    SagaEngine engine = engine();
    SagaHandle<OrderResult> handle = engine.start(RefundingSaga.class, new OrderInput("fail-4", 100));
    assertThat(rollbackFailure(handle)).isNotNull();
    String key = handle.id() + "/c2";
    assertThat(orders.calls()).contains("gateway-refund:t-fail-4:4:" + key);
    int before = orders.calls().size();

    downstream.payments.up();
    engine.retryCompensation(handle.id());

    assertThatThrownBy(() -> handle.result(WAIT)).isNotInstanceOf(CompensationFailedException.class)
        .hasMessageContaining(ORIGINAL + "fail-4")
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    // once more, as attempt 1 of a new run with the first run's idempotency key; then the release (LIFO)
    assertThat(callsSince(before)).containsExactly("gateway-refund:t-fail-4:1:" + key, "release:r-fail-4");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(d.failure()).hasValueSatisfying(f -> assertThat(f.message()).contains(ORIGINAL + "fail-4"));
    assertThat(d.compensations()).extracting(CompensationRecord::activityId, CompensationRecord::compensationType,
        CompensationRecord::stepId, CompensationRecord::status, CompensationRecord::attempts).containsExactly(
            tuple("c2", "gateway-refund", "2", Status.FAILED, 4),
            tuple("c2-retry1", "gateway-refund", "2", Status.COMPLETED, 1),
            tuple("c1-retry1", "release-inventory", "1", Status.COMPLETED, 1));
    assertThat(d.plannedCompensations()).isEmpty();
    assertThat(d.compensationFailed()).isFalse();
    List<HistoryEvent> rounds = eventsOf(d, EventType.COMPENSATION_STARTED);
    assertThat(rounds).hasSize(2);
    assertThat(rounds.get(1).text("reason")).isEqualTo("compensation retried on request");
    assertThat(eventsOf(d, EventType.ACTIVITY_TASK_SCHEDULED))
        .filteredOn(s -> "c2-retry1".equals(s.text("activity_id"))).singleElement().satisfies(s -> assertThat(s.text("retry_of")).isEqualTo("c2"));
    assertThat(d.history().get(d.history().size() - 1).eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_CANCELED);
    engine.verifyReplay(handle.id());

    assertThat(validation(() -> engine.retryCompensation(handle.id())))
        .hasMessageContaining(handle.id()).hasMessageContaining("Cancelled");
    assertThat(engine.describe(handle.id()).history()).hasSize(d.history().size());
  }

  @Test
  @Drives({"Failed -> Compensating", "Compensating -> Failed", "Compensating -> Cancelled"})
  void aRetriedCompensationThatFailsAgainEndsTheSagaFailedNamingTheNewFailure() {
    downstream.payments.down("payment gateway down");
    SagaEngine engine = engine();
    SagaHandle<OrderResult> handle = engine.start(RefundingSaga.class, new OrderInput("fail-5", 100));
    assertThat(rollbackFailure(handle)).isNotNull();
    int before = orders.calls().size();

    downstream.payments.down("payment gateway still down");
    engine.retryCompensation(handle.id());

    CompensationFailedException again = rollbackFailure(handle);
    assertThat(again).isNotNull();
    assertThat(again.failure().message()).isEqualTo("payment gateway still down");
    assertThat(again.compensationType()).isEqualTo("gateway-refund");
    assertThat(again.ran()).extracting(CompensationRecord::activityId, CompensationRecord::status)
        .containsExactly(tuple("c2", Status.FAILED), tuple("c2-retry1", Status.FAILED));
    assertThat(again.owed()).extracting(CompensationRecord::activityId, CompensationRecord::status)
        .containsExactly(tuple("c2-retry1", Status.FAILED), tuple("c1-retry1", Status.OWED));
    String key = handle.id() + "/c2";
    assertThat(callsSince(before)).containsExactly("gateway-refund:t-fail-5:1:" + key,
        "gateway-refund:t-fail-5:2:" + key, "gateway-refund:t-fail-5:3:" + key, "gateway-refund:t-fail-5:4:" + key);
    assertThat(engine.describe(handle.id()).state()).isEqualTo(SagaState.FAILED);
    int afterSecond = orders.calls().size();

    downstream.payments.up();
    engine.retryCompensation(handle.id());

    assertThatThrownBy(() -> handle.result(WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(callsSince(afterSecond)).containsExactly("gateway-refund:t-fail-5:1:" + key, "release:r-fail-5");
    assertThat(engine.describe(handle.id()).compensations()).extracting(CompensationRecord::activityId,
        CompensationRecord::status).containsExactly(tuple("c2", Status.FAILED), tuple("c2-retry1", Status.FAILED),
            tuple("c2-retry2", Status.COMPLETED), tuple("c1-retry2", Status.COMPLETED));
  }

  @Test
  void ofTwoRetriesAtOnceOneRunsTheCompensationsAndTheOtherAppendsNothing() {
    downstream.payments.down("payment gateway down");
    SagaEngine engine = engine();
    SagaHandle<OrderResult> handle = engine.start(RefundingSaga.class, new OrderInput("fail-12", 100));
    assertThat(rollbackFailure(handle)).isNotNull();
    downstream.payments.up();
    int before = orders.calls().size();

    // the other retry appends between this one's read and its append: this one's append conflicts
    afterNextRead.set(() -> engine.retryCompensation(handle.id()));
    validation(() -> engine.retryCompensation(handle.id()));

    assertThatThrownBy(() -> handle.result(WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(callsSince(before)).containsExactly("gateway-refund:t-fail-12:1:" + handle.id() + "/c2",
        "release:r-fail-12");
    assertThat(eventsOf(engine.describe(handle.id()), EventType.COMPENSATION_STARTED)).hasSize(2);
  }

  @Test
  void retryCompensationIsAValidationErrorForAnUnknownSagaOrOneWhoseRollbackDidNotFail() throws Exception {
    SagaEngine engine = engine();
    var completed = engine.start(OrderFixtures.OrderSaga.class, new OrderInput("o-6", 1));
    var rolledBack = engine.start(OrderFixtures.OrderSaga.class, new OrderInput("fail-6", 1));
    var doomed = engine.start(OrderFixtures.DoomedSaga.class, new OrderInput("fail-7", 1));
    var waiting = engine.start(OrderFixtures.ApprovalSaga.class, new OrderInput("o-8", 1));
    completed.result(WAIT);
    assertThatThrownBy(() -> rolledBack.result(WAIT)).isInstanceOf(OperonException.class);
    assertThatThrownBy(() -> doomed.result(WAIT)).isInstanceOf(OperonException.class);
    SagaEngineContract.await(engine, waiting.id(), d -> types(d).contains(EventType.TIMER_CREATED));

    assertThat(validation(() -> engine.retryCompensation("no-such-saga"))).hasMessageContaining("no-such-saga");
    assertThat(validation(() -> engine.retryCompensation(completed.id()))).hasMessageContaining("completed");
    assertThat(validation(() -> engine.retryCompensation(rolledBack.id()))).hasMessageContaining("Cancelled");
    assertThat(validation(() -> engine.retryCompensation(doomed.id())))
        .hasMessageContaining("nothing to roll back");
    assertThat(validation(() -> engine.retryCompensation(waiting.id()))).hasMessageContaining("PAUSED");
    for (var handle : List.of(completed, rolledBack, doomed)) {
      assertThat(eventsOf(engine.describe(handle.id()), EventType.COMPENSATION_STARTED)).hasSizeLessThan(2);
    }
  }

  // ---- the policy

  @Test
  @Drives({"Failed -> Compensating", "Compensating -> Failed", "Compensating -> Cancelled"})
  void withContinueEveryCompensationRunsAndTheSagaEndsFailedNamingEachFailedOne() {
    downstream.couriers.down("courier api down");
    downstream.payments.down("payment gateway down");
    SagaEngine engine = engine(b -> b.compensationFailure(CompensationFailurePolicy.CONTINUE));
    SagaHandle<OrderResult> handle = engine.start(CourierSaga.class, new OrderInput("fail-9", 100));

    CompensationFailedException e = rollbackFailure(handle);
    assertThat(e).isNotNull();
    assertThat(e.failed()).extracting(CompensationRecord::compensationType, CompensationRecord::stepId)
        .containsExactly(tuple("cancel-courier", "3"), tuple("gateway-refund", "2"));
    assertThat(e.failed()).extracting(c -> c.failure().orElseThrow().message())
        .containsExactly("courier api down", "payment gateway down");
    assertThat(e.compensationType()).isEqualTo("cancel-courier");
    assertThat(e.ran()).extracting(CompensationRecord::compensationType, CompensationRecord::status).containsExactly(
        tuple("cancel-courier", Status.FAILED), tuple("gateway-refund", Status.FAILED),
        tuple("release-inventory", Status.COMPLETED));
    assertThat(e.owed()).extracting(CompensationRecord::compensationType)
        .containsExactly("cancel-courier", "gateway-refund");
    assertThat(e).hasMessageContaining("courier api down").hasMessageContaining("payment gateway down");
    // all ran, newest step first, each with its retries
    assertThat(orders.calls()).filteredOn(c -> !c.startsWith("reserve") && !c.startsWith("charge")
            && !c.startsWith("book") && !c.startsWith("ship"))
        .extracting(c -> c.split(":")[0])
        .containsExactly("cancel-courier", "cancel-courier", "cancel-courier", "cancel-courier",
            "gateway-refund", "gateway-refund", "gateway-refund", "gateway-refund", "release");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.FAILED);
    assertThat(d.plannedCompensations()).containsExactly("cancel-courier", "gateway-refund");
    HistoryEvent failed = eventsOf(d, EventType.COMPENSATION_FAILED).get(0);
    assertThat(failed.attributes().get("failed")).hasSize(2);
    assertThat(eventsOf(d, EventType.COMPENSATION_STARTED).get(0).text("compensation_failure")).isEqualTo("CONTINUE");
    int before = orders.calls().size();

    downstream.couriers.up();
    downstream.payments.up();
    engine.retryCompensation(handle.id());

    assertThatThrownBy(() -> handle.result(WAIT))
        .satisfies(x -> assertThat(((OperonException) x).kind()).isEqualTo(ErrorKind.CANCELLED));
    // only the failed ones run again, in the same order; the release is not repeated
    assertThat(callsSince(before)).containsExactly("cancel-courier:b-fail-9:1",
        "gateway-refund:t-fail-9:1:" + handle.id() + "/c2");
    assertThat(engine.describe(handle.id()).compensations()).extracting(CompensationRecord::activityId,
        CompensationRecord::status).containsExactly(tuple("c3", Status.FAILED), tuple("c2", Status.FAILED),
            tuple("c1", Status.COMPLETED), tuple("c3-retry1", Status.COMPLETED), tuple("c2-retry1", Status.COMPLETED));
  }

  @Test
  void withStopTheRollbackEndsAtTheFirstFailedCompensationAndOwesTheRest() {
    downstream.couriers.down("courier api down");
    SagaEngine engine = engine();
    SagaHandle<OrderResult> handle = engine.start(CourierSaga.class, new OrderInput("fail-10", 100));

    CompensationFailedException e = rollbackFailure(handle);
    assertThat(e).isNotNull();
    assertThat(e.failed()).extracting(CompensationRecord::compensationType).containsExactly("cancel-courier");
    assertThat(e.owed()).extracting(CompensationRecord::compensationType, CompensationRecord::status)
        .containsExactly(tuple("cancel-courier", Status.FAILED), tuple("gateway-refund", Status.OWED),
            tuple("release-inventory", Status.OWED));
    assertThat(orders.calls()).noneMatch(c -> c.startsWith("gateway-refund") || c.startsWith("release"));
    assertThat(eventsOf(engine.describe(handle.id()), EventType.COMPENSATION_STARTED).get(0)
        .text("compensation_failure")).isEqualTo("STOP");
  }

  @Test
  void theCompensationFailurePolicyIsRequired() {
    assertThat(validation(() -> engine(b -> b.compensationFailure(null)))).hasMessageContaining("compensationFailure");
  }

  // ---- a re-opened saga in the index and in recovery

  @Test
  @Drives({"Failed -> Compensating", "Compensating -> Cancelled"})
  void aRetriedRollbackIsOpenAgainInListAndRecoveryFinishesItWhenItsTaskWasLost() throws Exception {
    downstream.payments.down("payment gateway down");
    SagaEngine first = engine();
    SagaHandle<OrderResult> handle = first.start(RefundingSaga.class, new OrderInput("fail-11", 100));
    assertThat(rollbackFailure(handle)).isNotNull();
    Instant failedAt = clock.instant();
    assertThat(first.list(SagaQuery.all().states(SagaState.FAILED)).sagas())
        .singleElement().satisfies(s -> assertThat(s.closedAt()).hasValue(failedAt));
    first.close();

    downstream.payments.up();
    clock.advance(Duration.ofMinutes(1));
    SagaEngine client = engine(b -> b.workers(0));
    client.retryCompensation(handle.id());
    SagaEngineContract.loseTasks(ports.queue(), "saga-workflows");
    assertThat(client.list(SagaQuery.all().states(SagaState.COMPENSATING)).sagas())
        .singleElement().satisfies(s -> {
          assertThat(s.sagaId()).isEqualTo(handle.id());
          assertThat(s.closedAt()).isEmpty();
          assertThat(s.terminal()).isFalse();
        });

    SagaEngine worker = engine();
    SagaEngineContract.await(worker, handle.id(), d -> {
      if (!d.terminal()) {
        worker.recover();
      }
      return d.terminal();
    });

    assertThat(worker.describe(handle.id()).state()).isEqualTo(SagaState.CANCELLED);
    assertThat(orders.calls()).contains("release:r-fail-11");
    assertThat(worker.list(SagaQuery.all()).sagas()).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo(SagaState.CANCELLED);
      assertThat(s.closedAt()).hasValue(failedAt.plus(Duration.ofMinutes(1)));
    });
  }
}
