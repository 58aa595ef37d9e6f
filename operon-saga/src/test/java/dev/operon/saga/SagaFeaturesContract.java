package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.FeatureFixtures.ChargeAndShip;
import dev.operon.saga.FeatureFixtures.ClaimingSaga;
import dev.operon.saga.FeatureFixtures.Count;
import dev.operon.saga.FeatureFixtures.CountingParent;
import dev.operon.saga.FeatureFixtures.CountingSaga;
import dev.operon.saga.FeatureFixtures.FamilySaga;
import dev.operon.saga.FeatureFixtures.GuardianInput;
import dev.operon.saga.FeatureFixtures.GuardianSaga;
import dev.operon.saga.FeatureFixtures.LocalOrderSaga;
import dev.operon.saga.FeatureFixtures.LocalRetrySaga;
import dev.operon.saga.FeatureFixtures.MarkedSaga;
import dev.operon.saga.FeatureFixtures.RelaySaga;
import dev.operon.saga.OrderFixtures.Approval;
import dev.operon.saga.OrderFixtures.ApprovalSaga;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.OrderResult;
import dev.operon.saga.OrderFixtures.OrderSaga;
import dev.operon.timer.TimerStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workflow context's local activities, markers, child workflows and continue-as-new, on one
 * backend (with everything {@link SagaEngineContract} checks).
 */
abstract class SagaFeaturesContract extends SagaEngineContract {

  static List<HistoryEvent> eventsOf(SagaDescription d, EventType type) {
    return d.history().stream().filter(e -> e.eventType() == type).toList();
  }

  // ---- local activities

  @Test
  void localActivitiesRunInTheWorkflowTaskAndAreRecordedOnce() {
    SagaEngine engine = engine(new LocalOrderSaga());
    var handle = engine.start(LocalOrderSaga.class, new OrderInput("o-30", 1));

    assertThat(handle.result(WAIT)).isEqualTo(new OrderResult("r-o-30", "t-o-30", "s-o-30-1"));
    assertThat(fixtures.calls()).containsExactly("reserve:o-30", "charge:o-30", "ship:o-30");
    SagaDescription d = engine.describe(handle.id());
    assertThat(types(d)).containsExactly(EventType.WORKFLOW_EXECUTION_STARTED,
        EventType.LOCAL_ACTIVITY_COMPLETED, EventType.ACTIVITY_TASK_SCHEDULED, EventType.ACTIVITY_TASK_COMPLETED,
        EventType.LOCAL_ACTIVITY_COMPLETED, EventType.WORKFLOW_EXECUTION_COMPLETED);
    HistoryEvent reserve = eventsOf(d, EventType.LOCAL_ACTIVITY_COMPLETED).get(0);
    assertThat(reserve.text("activity_type")).isEqualTo("reserve-inventory");
    assertThat(reserve.text("compensation")).isEqualTo("release-inventory");
    assertThat(reserve.attributes().path("output").path("id").asText()).isEqualTo("r-o-30");

    engine.verifyReplay(handle.id());
    assertThat(fixtures.calls()).hasSize(3);
  }

  @Test
  void aLocalActivityIsRetriedInProcessWithTheSameIdempotencyKey() {
    SagaEngine engine = engine(new LocalRetrySaga());
    var handle = engine.start(LocalRetrySaga.class, new OrderInput("o-31", 1));

    assertThat(handle.result(WAIT)).isEqualTo(new OrderFixtures.Payment("t-o-31-3"));
    String key = handle.id() + "/1";
    assertThat(fixtures.calls()).containsExactly("flaky:1:" + key, "flaky:2:" + key, "flaky:3:" + key);
    HistoryEvent done = eventsOf(engine.describe(handle.id()), EventType.LOCAL_ACTIVITY_COMPLETED).get(0);
    assertThat(done.attributes().path("attempt").asInt()).isEqualTo(3);
    assertThat(done.retry()).isTrue();
  }

  @Test
  @Drives({"Running -> Failed", "Failed -> Compensating", "Compensating -> Cancelled"})
  void aFailedLocalActivityCompensatesTheLocalStepsBeforeIt() {
    SagaEngine engine = engine(new LocalOrderSaga());
    var handle = engine.start(LocalOrderSaga.class, new OrderInput("fail-32", 1));

    assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(OperonException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED))
        .hasMessageContaining("carrier refused");
    assertThat(fixtures.calls()).containsExactly("reserve:fail-32", "charge:fail-32", "ship:fail-32",
        "release:r-fail-32");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(types(d)).containsSubsequence(EventType.LOCAL_ACTIVITY_FAILED, EventType.WORKFLOW_EXECUTION_FAILED,
        EventType.COMPENSATION_STARTED, EventType.WORKFLOW_EXECUTION_CANCELED);
    assertThat(eventsOf(d, EventType.LOCAL_ACTIVITY_FAILED).get(0).attributes().path("failure").path("kind").asText())
        .isEqualTo("ACTIVITY_EXECUTION");
  }

  @Test
  void aLocalStepAndAFailureInOneWorkflowTaskStillCompensateTheStep() {
    SagaEngine engine = engine(new FeatureFixtures.LocalOnlySaga());
    var handle = engine.start(FeatureFixtures.LocalOnlySaga.class, new OrderInput("fail-53", 1));

    assertThatThrownBy(() -> handle.result(WAIT)).hasMessageContaining("carrier refused");
    assertThat(fixtures.calls()).containsExactly("reserve:fail-53", "ship:fail-53", "release:r-fail-53");
    assertThat(types(engine.describe(handle.id()))).startsWith(EventType.WORKFLOW_EXECUTION_STARTED,
        EventType.LOCAL_ACTIVITY_COMPLETED, EventType.LOCAL_ACTIVITY_FAILED, EventType.WORKFLOW_EXECUTION_FAILED,
        EventType.COMPENSATION_STARTED);
  }

  @Test
  void codeThatNoLongerRunsARecordedLocalActivityIsReportedAsNonDeterministic() {
    SagaEngine v1 = engine(new LocalOrderSaga());
    var handle = v1.start(LocalOrderSaga.class, new OrderInput("o-33", 1));
    handle.result(WAIT);

    SagaEngine v2 = engine(0, new Workflow<OrderInput, OrderResult>() {
      @Override
      public OrderResult run(WorkflowContext ctx, OrderInput in) {
        var stock = ctx.step(OrderFixtures.ReserveInventory.class, in).compensateWith(OrderFixtures.ReleaseInventory.class);
        return new OrderResult(stock.id(), null, null);
      }

      @Override
      public String type() {
        return "LocalOrderSaga";
      }

      @Override
      public Class<OrderInput> inputType() {
        return OrderInput.class;
      }

      @Override
      public Class<OrderResult> outputType() {
        return OrderResult.class;
      }
    });
    assertThatThrownBy(() -> v2.verifyReplay(handle.id()))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.REPLAY))
        .hasMessageContaining("history event 2")
        .hasMessageContaining("local activity 'reserve-inventory'");
  }

  // ---- markers

  @Test
  void aMarkerIsRecordedOnceAndCheckedOnReplay() throws Exception {
    SagaEngine engine = engine(new MarkedSaga());
    var handle = engine.start(MarkedSaga.class, new OrderInput("o-34", 7));
    awaitTimer(handle.id());
    clock.advance(Duration.ofMinutes(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThat(handle.result(WAIT)).isEqualTo("ok");
    List<HistoryEvent> markers = eventsOf(engine.describe(handle.id()), EventType.MARKER_RECORDED);
    assertThat(markers).extracting(e -> e.text("marker_name")).containsExactly("received", "slept");
    assertThat(markers.get(0).attributes().path("details").path("amountCents").asLong()).isEqualTo(7);
    assertThat(markers.get(1).text("details"))
        .isEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofMinutes(1)).toString());

    SagaEngine renamed = engine(0, new Workflow<OrderInput, String>() {
      @Override
      public String run(WorkflowContext ctx, OrderInput in) {
        ctx.marker("accepted", in);
        return "ok";
      }

      @Override
      public String type() {
        return "MarkedSaga";
      }

      @Override
      public Class<OrderInput> inputType() {
        return OrderInput.class;
      }

      @Override
      public Class<String> outputType() {
        return String.class;
      }
    });
    assertThatThrownBy(() -> renamed.verifyReplay(handle.id()))
        .hasMessageContaining("marker 'received'").hasMessageContaining("marker 'accepted'");
  }

  // ---- child workflows

  @Test
  void aChildWorkflowRunsAndItsResultReturnsToTheParent() {
    SagaEngine engine = engine(new FamilySaga(), new ChargeAndShip());
    var handle = engine.start(FamilySaga.class, new OrderInput("o-35", 1));

    assertThat(handle.result(WAIT)).isEqualTo(new OrderResult("r-o-35", "t-o-35", "s-o-35-1"));
    assertThat(fixtures.calls()).containsExactly("reserve:o-35", "charge:o-35", "ship:o-35");
    String childId = handle.id() + "-child-2";
    SagaDescription parent = engine.describe(handle.id());
    assertThat(types(parent)).containsSubsequence(EventType.START_CHILD_WORKFLOW_INITIATED,
        EventType.CHILD_WORKFLOW_STARTED, EventType.CHILD_WORKFLOW_COMPLETED, EventType.WORKFLOW_EXECUTION_COMPLETED);
    assertThat(eventsOf(parent, EventType.CHILD_WORKFLOW_STARTED).get(0).text("child_saga_id")).isEqualTo(childId);
    SagaDescription child = engine.describe(childId);
    assertThat(child.state()).isEqualTo(SagaState.COMPLETED);
    assertThat(child.workflowType()).isEqualTo("ChargeAndShip");
    assertThat(child.history().get(0).text("parent_saga_id")).isEqualTo(handle.id());
    assertThat(child.history().get(0).text("parent_activity_id")).isEqualTo("2");
    assertThat(eventsOf(parent, EventType.PARENT_CLOSE_POLICY_APPLIED)).isEmpty();

    engine.verifyReplay(handle.id());
    assertThat(fixtures.calls()).hasSize(3);
  }

  @Test
  @Drives({"Running -> Paused", "Paused -> Failed", "Failed -> Compensating", "Compensating -> Cancelled"})
  void aFailedChildFailsTheParentWhichCompensates() throws Exception {
    SagaEngine engine = engine(new FamilySaga(), new ChargeAndShip());
    var handle = engine.start(FamilySaga.class, new OrderInput("fail-36", 1));

    assertThatThrownBy(() -> handle.result(WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED))
        .hasMessageContaining("carrier refused");
    assertThat(fixtures.calls()).containsExactly("reserve:fail-36", "charge:fail-36", "ship:fail-36",
        "refund:t-fail-36", "release:r-fail-36");
    SagaDescription parent = engine.describe(handle.id());
    assertThat(parent.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(types(parent)).containsSubsequence(EventType.CHILD_WORKFLOW_FAILED,
        EventType.WORKFLOW_EXECUTION_FAILED, EventType.COMPENSATION_STARTED, EventType.WORKFLOW_EXECUTION_CANCELED);
    assertThat(parent.failure()).hasValueSatisfying(f -> {
      assertThat(f.kind()).isEqualTo(ErrorKind.ACTIVITY_EXECUTION);
      assertThat(f.type()).isEqualTo(ChildWorkflowFailedException.class.getName());
    });
    assertThat(engine.describe(handle.id() + "-child-2").state()).isEqualTo(SagaState.CANCELLED);
  }

  @Test
  void aChildStartsUnderTheBusinessIdItWasGiven() {
    SagaEngine engine = engine(new ClaimingSaga(), new ChargeAndShip());
    var handle = engine.start(ClaimingSaga.class, new OrderInput("o-54", 1));

    assertThat(handle.result(WAIT)).isEqualTo("s-o-54-1");
    HistoryEvent started = engine.describe("taken-1").history().get(0);
    assertThat(started.text("business_id")).isEqualTo("taken-1");
    assertThat(started.text("parent_saga_id")).isEqualTo(handle.id());
    assertThatThrownBy(() -> ChildWorkflowOptions.DEFAULT.withBusinessId("no spaces"))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("no spaces");
  }

  @Test
  void aChildWhoseIdIsTakenFailsToStartAndTheParentCanCatchIt() {
    SagaEngine engine = engine(new ClaimingSaga(), new ChargeAndShip(), new OrderSaga());
    engine.start(OrderSaga.class, new OrderInput("o-37", 1), "taken-1").result(WAIT);
    var handle = engine.start(ClaimingSaga.class, new OrderInput("o-38", 1));

    assertThat(handle.result(WAIT)).isEqualTo("StartChildWorkflowFailed/VALIDATION");
    assertThat(fixtures.calls()).doesNotContain("charge:o-38");
    assertThat(engine.describe("taken-1").workflowType()).isEqualTo("OrderSaga");
  }

  /** Starts a guardian with {@code policy}, waits until its child waits for approval, cancels the guardian. */
  private String cancelGuardianWhileChildWaits(SagaEngine engine, ParentClosePolicy policy, String orderId)
      throws Exception {
    var handle = engine.start(GuardianSaga.class, new GuardianInput(orderId, policy));
    String childId = handle.id() + "-child-2";
    await(engine, handle.id(), d -> types(d).contains(EventType.CHILD_WORKFLOW_STARTED));
    awaitTimer(childId);
    assertThat(engine.cancel(handle.id())).isTrue();
    assertThatThrownBy(() -> handle.result(WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    HistoryEvent applied = eventsOf(engine.describe(handle.id()), EventType.PARENT_CLOSE_POLICY_APPLIED).get(0);
    assertThat(applied.text("child_saga_id")).isEqualTo(childId);
    assertThat(applied.text("parent_close_policy")).isEqualTo(policy.name());
    return childId;
  }

  @Test
  @Drives({"Paused -> Running", "Running -> Cancelled"})
  void closingAParentTerminatesItsRunningChildByDefault() throws Exception {
    assertThat(ChildWorkflowOptions.DEFAULT.parentClosePolicy()).isEqualTo(ParentClosePolicy.TERMINATE);
    SagaEngine engine = engine(new GuardianSaga(), new ApprovalSaga());
    String childId = cancelGuardianWhileChildWaits(engine, ParentClosePolicy.TERMINATE, "o-39");

    await(engine, childId, SagaDescription::terminal);
    SagaDescription child = engine.describe(childId);
    assertThat(child.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(types(child)).endsWith(EventType.WORKFLOW_EXECUTION_TERMINATED);
    assertThat(child.failure()).hasValueSatisfying(f -> assertThat(f.message()).contains("TERMINATE"));
    assertThat(fixtures.calls()).containsExactlyInAnyOrder("charge:o-39", "reserve:o-39", "refund:t-o-39");
    assertThat(ports.timers().listByOwner(childId)).noneMatch(t -> t.status() == TimerStatus.PENDING);
    assertThatThrownBy(() -> engine.signal(childId, "approve", new Approval(true, "late")))
        .hasMessageContaining("finished");
  }

  @Test
  void requestCancelPolicyLetsTheChildCompensate() throws Exception {
    SagaEngine engine = engine(new GuardianSaga(), new ApprovalSaga());
    String childId = cancelGuardianWhileChildWaits(engine, ParentClosePolicy.REQUEST_CANCEL, "o-40");

    await(engine, childId, SagaDescription::terminal);
    SagaDescription child = engine.describe(childId);
    assertThat(child.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(types(child)).contains(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED, EventType.COMPENSATION_STARTED)
        .doesNotContain(EventType.WORKFLOW_EXECUTION_TERMINATED);
    assertThat(fixtures.calls()).containsExactlyInAnyOrder("charge:o-40", "reserve:o-40", "refund:t-o-40",
        "release:r-o-40");
  }

  @Test
  void abandonPolicyLeavesTheChildRunning() throws Exception {
    SagaEngine engine = engine(new GuardianSaga(), new ApprovalSaga());
    String childId = cancelGuardianWhileChildWaits(engine, ParentClosePolicy.ABANDON, "o-41");

    assertThat(engine.describe(childId).state()).isEqualTo(SagaState.PAUSED);
    engine.signal(childId, "approve", new Approval(true, "orphan"));
    assertThat(engine.handle(childId).result(WAIT)).isEqualTo(new Approval(true, "orphan"));
    assertThat(fixtures.calls()).doesNotContain("release:r-o-41");
  }

  @Test
  void aParentWaitsForTheLastRunOfAChildThatContinuesAsNew() {
    SagaEngine engine = engine(new CountingParent(), new CountingSaga());
    var handle = engine.start(CountingParent.class, new OrderInput("o-42", 1));

    assertThat(handle.result(WAIT)).isEqualTo(2);
    HistoryEvent completed = eventsOf(engine.describe(handle.id()), EventType.CHILD_WORKFLOW_COMPLETED).get(0);
    assertThat(completed.text("child_saga_id")).isNotEqualTo(handle.id() + "-child-1");
    assertThat(engine.describe(completed.text("child_saga_id")).history().get(0).text("parent_saga_id"))
        .isEqualTo(handle.id());
  }

  // ---- continue-as-new

  @Test
  @Drives({"Initial -> Running", "Running -> Paused", "Paused -> Running", "Running -> Completed"})
  void continueAsNewStartsAFreshHistoryAndTheFirstIdFollowsTheChain() {
    SagaEngine engine = engine(new CountingSaga());
    var handle = engine.start(CountingSaga.class, new Count(3, 0), "count-43");

    assertThat(handle.result(WAIT)).isEqualTo(3);
    assertThat(fixtures.calls()).containsExactly("charge:n-3", "charge:n-2", "charge:n-1");
    List<String> runs = runsOf(engine, "count-43");
    assertThat(runs).hasSize(3).doesNotHaveDuplicates().startsWith("count-43");
    for (int i = 0; i < runs.size(); i++) {
      SagaDescription run = engine.describe(runs.get(i));
      assertThat(run.state()).isEqualTo(SagaState.COMPLETED);
      assertThat(run.history()).hasSizeLessThanOrEqualTo(5);
      if (i > 0) {
        assertThat(run.history().get(0).text("continued_from")).isEqualTo(runs.get(i - 1));
      }
      if (i < runs.size() - 1) {
        assertThat(types(run)).endsWith(EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      }
    }
    assertThat(engine.handle(runs.get(1)).result(WAIT)).isEqualTo(3);
  }

  @Test
  void signalsAndCancelsToTheFirstRunReachTheNewestRun() throws Exception {
    SagaEngine engine = engine(new RelaySaga());
    var first = engine.start(RelaySaga.class, new Count(2, 0));
    await(engine, first.id(), d -> runsOf(engine, first.id()).size() == 3);
    String last = runsOf(engine, first.id()).get(2);
    awaitTimer(last);

    engine.signal(first.id(), "go", new Approval(true, "carol"));
    assertThat(first.result(WAIT)).isEqualTo("carol after 2");

    var second = engine.start(RelaySaga.class, new Count(1, 0));
    await(engine, second.id(), d -> runsOf(engine, second.id()).size() == 2);
    awaitTimer(runsOf(engine, second.id()).get(1));
    assertThat(engine.cancel(second.id())).isTrue();
    assertThatThrownBy(() -> second.result(WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
  }

  @Test
  void searchAttributesCarryOverToTheNextRun() {
    SagaEngine engine = engine(new FeatureFixtures.TaggedRelay());
    var handle = engine.start(FeatureFixtures.TaggedRelay.class, new Count(2, 0));

    assertThat(handle.result(WAIT)).isEqualTo(2);
    List<String> runs = runsOf(engine, handle.id());
    assertThat(runs).hasSize(3);
    assertThat(engine.describe(runs.get(1)).searchAttributes()).containsEntry("customer", "acme")
        .containsEntry("batch", "b-2");
    assertThat(engine.describe(runs.get(2)).searchAttributes()).containsEntry("customer", "acme")
        .containsEntry("batch", "b-3");
  }

  @Test
  void continueAsNewRejectsInputOfTheWrongType() {
    SagaEngine engine = engine(new Workflow<Count, String>() {
      @Override
      public String run(WorkflowContext ctx, Count in) {
        ctx.continueAsNew("not a count");
        return "unreachable";
      }

      @Override
      public String type() {
        return "BadRelay";
      }

      @Override
      public Class<Count> inputType() {
        return Count.class;
      }

      @Override
      public Class<String> outputType() {
        return String.class;
      }
    });
    var handle = engine.start("BadRelay", new Count(1, 0), null);

    assertThatThrownBy(() -> handle.result(WAIT))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("continueAsNew").hasMessageContaining(Count.class.getName());
    assertThat(types(engine.describe(handle.id()))).doesNotContain(EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }

  /** The saga ids of the chain of runs starting at {@code first}, following {@code continued_as}. */
  static List<String> runsOf(SagaEngine engine, String first) {
    List<String> runs = new java.util.ArrayList<>();
    String id = first;
    while (id != null) {
      runs.add(id);
      SagaDescription d = engine.describe(id);
      String next = eventsOf(d, EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW).stream()
          .map(e -> e.text("continued_as")).findFirst().orElse(null);
      id = next != null && existsRun(engine, next) ? next : null;
    }
    return runs;
  }

  private static boolean existsRun(SagaEngine engine, String id) {
    try {
      engine.describe(id);
      return true;
    } catch (OperonException e) {
      return false;
    }
  }
}
