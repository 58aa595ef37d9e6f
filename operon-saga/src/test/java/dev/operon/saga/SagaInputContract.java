package dev.operon.saga;

import static dev.operon.saga.SagaEngineContract.WAIT;
import static dev.operon.saga.SagaEngineContract.await;
import static dev.operon.saga.SagaEngineContract.types;
import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.InputFixtures.Address;
import dev.operon.saga.InputFixtures.AddressedSaga;
import dev.operon.saga.InputFixtures.EchoSaga;
import dev.operon.saga.InputFixtures.HopSaga;
import dev.operon.saga.InputFixtures.ParentOfNothing;
import dev.operon.saga.InputFixtures.PingSaga;
import dev.operon.saga.InputFixtures.RenamedCharge;
import dev.operon.saga.InputFixtures.Verdict;
import dev.operon.saga.InputFixtures.VerdictSaga;
import dev.operon.saga.OrderFixtures.Approval;
import dev.operon.saga.OrderFixtures.ApprovalSaga;
import dev.operon.saga.OrderFixtures.ChargePayment;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.OrderResult;
import dev.operon.saga.OrderFixtures.OrderSaga;
import dev.operon.saga.OrderFixtures.Payment;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What the engine accepts from callers, on one backend: inputs, signal payloads and update
 * arguments that do not fit their declared type are VALIDATION errors and store nothing; a business
 * id names one start; type ids and workflow types come from stable names.
 */
abstract class SagaInputContract extends SagaBackendTest {
  @Override
  SagaEngine engine(int workers, Workflow<?, ?>... workflows) {
    return engine(ActivityRegistry.of(fixtures.activities()), workers, workflows);
  }

  SagaEngine engine(ActivityRegistry activities, int workers, Workflow<?, ?>... workflows) {
    SagaEngine engine = SagaEngine.builder().transactor(ports.transactor())
        .eventStore(ports.events()).taskQueue(ports.queue()).timerStore(ports.timers())
        .clock(clock).activities(activities).workflows(workflows)
        .workers(workers).timerPoll(Duration.ZERO).build();
    engines.add(engine);
    return engine;
  }

  /** Asserts that {@code call} throws an OperonException of kind VALIDATION, for more checks of its message. */
  static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(ThrowingCallable call) {
    return assertThatThrownBy(call).isInstanceOf(OperonException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION));
  }

  /** Asserts that no saga has id {@code sagaId}. */
  static void assertNotStored(SagaEngine engine, String sagaId) {
    assertInvalid(() -> engine.describe(sagaId)).hasMessageContaining("Unknown saga id '" + sagaId + "'");
  }

  /** Waits until saga {@code sagaId} has a pending signal timer in the timer store. */
  void awaitSignalTimer(String sagaId) {
    eventually(WAIT, () -> assertThat(ports.timers().listByOwner(sagaId)).as("timers of saga %s", sagaId)
        .anyMatch(t -> t.status() == TimerStatus.PENDING && t.type() == TimerType.CUSTOM));
  }

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static JsonNode inputOf(SagaDescription d) {
    return d.history().get(0).attributes().get("input");
  }

  // ---- inputs

  @Test
  void anInputOfAnotherRecordTypeIsRejectedNamingBothTypesAndNothingIsStored() {
    SagaEngine engine = engine(2, new OrderSaga());

    assertInvalid(() -> engine.start("OrderSaga", new Approval(false, "x"), "order-a1"))
        .hasMessageContaining("'OrderSaga'").hasMessageContaining(Approval.class.getName())
        .hasMessageContaining(OrderInput.class.getName());

    assertNotStored(engine, "order-a1");
    assertThat(fixtures.calls()).isEmpty();
  }

  @Test
  void aNullInputIsRejectedUnlessTheWorkflowTakesVoid() {
    SagaEngine engine = engine(2, new OrderSaga(), new PingSaga());

    assertInvalid(() -> engine.start(OrderSaga.class, null, "order-a2"))
        .hasMessageContaining("'OrderSaga'").hasMessageContaining("null")
        .hasMessageContaining(OrderInput.class.getName());
    assertNotStored(engine, "order-a2");
    assertInvalid(() -> engine.start("PingSaga", "ping", "ping-1")).hasMessageContaining("'PingSaga'")
        .hasMessageContaining("Void");
    assertNotStored(engine, "ping-1");

    assertThat(engine.start(PingSaga.class, null, "ping-2").result(WAIT)).isEqualTo("pong");
    assertThat(fixtures.calls()).isEmpty();
  }

  @Test
  void jsonLikeInputsMustDecodeStrictlyAndNameTheFieldThatDoesNotFit() {
    SagaEngine engine = engine(2, new EchoSaga());
    Map<String, Object> nullAmount = new HashMap<>(map("orderId", "o-1"));
    nullAmount.put("amountCents", null);
    JsonNode textAmount = JsonNodeFactory.instance.objectNode().put("orderId", "o-1").put("amountCents", "5");

    assertInvalid(() -> engine.start("EchoSaga", map("orderId", "o-1", "amountCents", 5, "coupon", "x"), "echo-1"))
        .hasMessageContaining("'EchoSaga'").hasMessageContaining("field 'coupon'").hasMessageContaining("unknown");
    assertInvalid(() -> engine.start("EchoSaga", map("orderId", "o-1"), "echo-2"))
        .hasMessageContaining("field 'amountCents'").hasMessageContaining("Missing");
    assertInvalid(() -> engine.start("EchoSaga", nullAmount, "echo-3"))
        .hasMessageContaining("field 'amountCents'").hasMessageContaining("null");
    assertInvalid(() -> engine.start("EchoSaga", textAmount, "echo-4")).hasMessageContaining("field 'amountCents'");
    assertInvalid(() -> engine.start("EchoSaga", List.of("o-1", 5), "echo-5"))
        .hasMessageContaining(OrderInput.class.getName());
    for (String id : List.of("echo-1", "echo-2", "echo-3", "echo-4", "echo-5")) {
      assertNotStored(engine, id);
    }

    assertThat(engine.start("EchoSaga", map("amountCents", 5, "orderId", "o-1"), "echo-6").result(WAIT))
        .isEqualTo("o-1:5");
  }

  @Test
  void aContinueAsNewInputThatDoesNotFitFailsTheSagaWithValidationNamingTheField() {
    SagaEngine engine = engine(2, new HopSaga());
    var handle = engine.start(HopSaga.class, new InputFixtures.Hop(0));

    assertInvalid(() -> handle.result(WAIT)).hasMessageContaining("continueAsNew")
        .hasMessageContaining("'HopSaga'").hasMessageContaining("field 'skip'");
    SagaDescription d = engine.describe(handle.id());
    assertThat(d.state()).isEqualTo(SagaState.FAILED);
    assertThat(types(d)).doesNotContain(EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }

  @Test
  void aChildInputThatDoesNotFitFailsTheParentAndStartsNoChild() {
    SagaEngine engine = engine(2, new ParentOfNothing(), new EchoSaga());
    var handle = engine.start(ParentOfNothing.class, new OrderInput("o-1", 1));

    assertInvalid(() -> handle.result(WAIT)).hasMessageContaining("Child input").hasMessageContaining("'EchoSaga'")
        .hasMessageContaining("null");
    assertThat(types(engine.describe(handle.id()))).doesNotContain(EventType.START_CHILD_WORKFLOW_INITIATED);
    assertNotStored(engine, handle.id() + "-child-1");
  }

  @Test
  void anUpdateArgumentThatDoesNotFitIsRejectedNamingTheUpdateAndTheFieldAndIsNotRecorded() throws Exception {
    SagaEngine engine = engine(2, new AddressedSaga());
    var handle = engine.start(AddressedSaga.class, new OrderInput("o-1", 1));
    awaitSignalTimer(handle.id());
    int recorded = engine.describe(handle.id()).history().size();

    Map<String, Object> withFloor = map("street", "Main", "number", 1, "floor", 2);
    assertInvalid(() -> engine.update(handle.id(), "address", withFloor, String.class))
        .hasMessageContaining("update 'address'").hasMessageContaining("AddressedSaga")
        .hasMessageContaining("field 'floor'");
    assertInvalid(() -> engine.update(handle.id(), "address", map("street", "Main"), String.class))
        .hasMessageContaining("field 'number'");
    assertInvalid(() -> engine.update(handle.id(), "address", new Approval(true, "x"), String.class))
        .hasMessageContaining(Approval.class.getName()).hasMessageContaining(Address.class.getName());
    assertInvalid(() -> engine.update(handle.id(), "address", null, String.class)).hasMessageContaining("null");
    assertThat(engine.describe(handle.id()).history()).hasSize(recorded);

    assertThat(engine.update(handle.id(), "address", map("street", "Main", "number", 1), String.class))
        .isEqualTo("Main 1");
    engine.signal(handle.id(), "approve", new Approval(true, "alice"));
    assertThat(handle.result(WAIT)).isEqualTo("Main 1 by alice");
  }

  @Test
  void aScheduleWhoseInputDoesNotFitIsRejectedAndStoresNothing() {
    SagaEngine engine = engine(2, new EchoSaga());

    assertInvalid(() -> engine.schedule("hourly", "0 * * * *", "EchoSaga", map("orderId", "o-1")))
        .hasMessageContaining("'EchoSaga'").hasMessageContaining("field 'amountCents'");
    assertInvalid(() -> engine.schedule("hourly", "0 * * * *", "EchoSaga", new Approval(true, "x")))
        .hasMessageContaining(Approval.class.getName());

    assertThat(engine.schedules()).isEmpty();
    assertThat(ports.timers().listByOwner("schedule/hourly")).isEmpty();
  }

  // ---- signals

  @Test
  void aSignalThatDoesNotFitTheWaitItWouldEndIsRejectedAtOnceAndAppendsNothing() throws Exception {
    SagaEngine engine = engine(2, new ApprovalSaga());
    var handle = engine.start(ApprovalSaga.class, new OrderInput("o-1", 1));
    awaitSignalTimer(handle.id());
    int recorded = engine.describe(handle.id()).history().size();

    assertInvalid(() -> engine.signal(handle.id(), "approve", new OrderInput("o-1", 1)))
        .hasMessageContaining("'approve'").hasMessageContaining(handle.id())
        .hasMessageContaining(OrderInput.class.getName()).hasMessageContaining(Approval.class.getName());
    assertInvalid(() -> engine.signal(handle.id(), "approve", map("approved", true)))
        .hasMessageContaining("field 'by'");
    assertInvalid(() -> engine.signal(handle.id(), "approve", map("approved", true, "by", "bob", "note", "hi")))
        .hasMessageContaining("field 'note'");
    assertInvalid(() -> engine.signal(handle.id(), "approve", null)).hasMessageContaining("null");
    assertThat(engine.describe(handle.id()).history()).hasSize(recorded);

    engine.signal(handle.id(), "approve", map("approved", true, "by", "alice"));
    assertThat(handle.result(WAIT)).isEqualTo(new Approval(true, "alice"));
  }

  @Test
  void aSignalSentBeforeTheSagaWaitsThatDoesNotFitIsRejectedByTheSagaWhichKeepsWaiting() throws Exception {
    SagaEngine client = engine(0, new ApprovalSaga());
    var handle = client.start(ApprovalSaga.class, new OrderInput("o-1", 1));
    client.signal(handle.id(), "approve", map("approved", true, "by", "mallory", "extra", 1));
    long badSignal = client.describe(handle.id()).history().stream()
        .filter(e -> e.eventType() == EventType.SIGNAL_RECEIVED).findFirst().orElseThrow().eventId();
    SagaEngine worker = engine(2, new ApprovalSaga());

    await(worker, handle.id(), d -> types(d).contains(EventType.SIGNAL_REJECTED) && d.state() == SagaState.PAUSED);
    awaitSignalTimer(handle.id());
    SagaDescription d = worker.describe(handle.id());
    HistoryEvent rejected = d.history().stream().filter(e -> e.eventType() == EventType.SIGNAL_REJECTED)
        .findFirst().orElseThrow();
    assertThat(rejected.category()).isEqualTo(EventCategory.SIGNAL);
    assertThat(rejected.attributes().path("signal_event_id").asLong()).isEqualTo(badSignal);
    assertThat(rejected.text("signal_name")).isEqualTo("approve");
    assertThat(rejected.text("reason")).contains("field 'extra'");
    assertThat(d.failure()).isEmpty();
    assertThat(fixtures.calls()).containsExactly("reserve:o-1");

    worker.signal(handle.id(), "approve", new Approval(true, "alice"));
    assertThat(handle.result(WAIT)).isEqualTo(new Approval(true, "alice"));
    assertThat(fixtures.calls()).containsExactly("reserve:o-1");
    worker.verifyReplay(handle.id());
  }

  @Test
  void aSignalSentBeforeTheSagaWaitsIsJudgedAsTheJavaTypeItWasSentAs() throws Exception {
    SagaEngine client = engine(0, new VerdictSaga());
    var handle = client.start(VerdictSaga.class, new OrderInput("o-1", 1));
    client.signal(handle.id(), "verdict", new OrderInput("o-1", 1));
    client.signal(handle.id(), "verdict", new Verdict(true, "ann"));
    SagaEngine worker = engine(2, new VerdictSaga());

    assertThat(handle.result(WAIT)).as("an instance of the awaited type fits, whatever else its JSON holds")
        .isEqualTo(new Verdict(true, "ann"));
    HistoryEvent rejected = worker.describe(handle.id()).history().stream()
        .filter(e -> e.eventType() == EventType.SIGNAL_REJECTED).findFirst().orElseThrow();
    assertThat(rejected.text("reason")).contains(OrderInput.class.getName()).contains(Verdict.class.getName());
    worker.verifyReplay(handle.id());
  }

  @Test
  void aSagaThatRejectedASignalStillTimesOutWhenNoGoodOneComes() throws Exception {
    SagaEngine client = engine(0, new ApprovalSaga());
    var handle = client.start(ApprovalSaga.class, new OrderInput("o-1", 1));
    client.signal(handle.id(), "approve", "yes");
    SagaEngine worker = engine(2, new ApprovalSaga());
    await(worker, handle.id(), d -> types(d).contains(EventType.SIGNAL_REJECTED));
    awaitSignalTimer(handle.id());

    clock.advance(Duration.ofHours(1));
    assertThat(worker.fireDueTimers()).isEqualTo(1);

    assertThatThrownBy(() -> handle.result(WAIT)).hasMessageContaining("no signal 'approve'");
    assertThat(fixtures.calls()).containsExactly("reserve:o-1", "release:r-o-1");
  }

  // ---- business ids

  @Test
  void aBusinessIdNamesOneStartTheSameInputReturnsTheSagaAnotherInputIsRejected() {
    SagaEngine engine = engine(2, new EchoSaga(), new PingSaga());
    var first = engine.start(EchoSaga.class, new OrderInput("o-1", 1), "order-b1");
    assertThat(first.result(WAIT)).isEqualTo("o-1:1");
    int recorded = engine.describe("order-b1").history().size();

    assertThat(engine.start(EchoSaga.class, new OrderInput("o-1", 1), "order-b1").id()).isEqualTo("order-b1");
    assertThat(engine.start("EchoSaga", map("amountCents", 1L, "orderId", "o-1"), "order-b1").id())
        .as("the same input given as a map, its properties in another order").isEqualTo("order-b1");
    assertInvalid(() -> engine.start(EchoSaga.class, new OrderInput("o-1", 2), "order-b1"))
        .hasMessageContaining("'order-b1'").hasMessageContaining("\"amountCents\":1")
        .hasMessageContaining("\"amountCents\":2")
        .satisfies(e -> assertThat(((OperonException) e).sagaId()).contains("order-b1"));
    assertInvalid(() -> engine.start(PingSaga.class, null, "order-b1"))
        .hasMessageContaining("'order-b1'").hasMessageContaining("'EchoSaga'");

    SagaDescription d = engine.describe("order-b1");
    assertThat(d.history()).hasSize(recorded);
    assertThat(inputOf(d).path("amountCents").asLong()).isEqualTo(1);
  }

  @Test
  void aFiringWhoseSagaWasStartedWithTheInputTheScheduleHadBeforeItWasReplacedDoesNotFail() throws Exception {
    SagaEngine engine = engine(2, new EchoSaga());
    engine.schedule("hourly", "0 * * * *", "EchoSaga", new OrderInput("old", 1));
    Instant firstFiring = ManualClock.DEFAULT_START.plus(Duration.ofHours(1));
    String firstSaga = SagaSchedule.sagaIdOf("hourly", firstFiring);
    // another engine, whose clock ran ahead, fired the old schedule at 01:00 ...
    engine.start(EchoSaga.class, new OrderInput("old", 1), firstSaga).result(WAIT);
    // ... before this one replaced it, at 00:00, with another input: its firing is due at 01:00 too
    engine.schedule("hourly", "0 * * * *", "EchoSaga", new OrderInput("new", 2));

    clock.advance(Duration.ofHours(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThat(ports.timers().listByOwner("schedule/hourly")).filteredOn(t -> t.fireAt().equals(firstFiring))
        .extracting(Timer::status).containsOnly(TimerStatus.FIRED, TimerStatus.CANCELLED).contains(TimerStatus.FIRED);
    assertThat(engine.handle(firstSaga).result(WAIT)).isEqualTo("old:1");
    clock.advance(Duration.ofHours(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);
    assertThat(engine.handle(SagaSchedule.sagaIdOf("hourly", firstFiring.plus(Duration.ofHours(1)))).result(WAIT))
        .isEqualTo("new:2");
  }

  // ---- type ids

  @Test
  void lambdaAndAnonymousActivitiesWithoutATypeIdAreRejectedAtRegistration() {
    Activity<OrderInput, Payment> lambda = (ctx, in) -> new Payment("t");
    Activity<OrderInput, Payment> anonymous = new Activity<>() {
      @Override
      public Payment execute(ActivityContext ctx, OrderInput in) {
        return new Payment("t");
      }
    };
    Activity<OrderInput, Payment> named = new Activity<>() {
      @Override
      public Payment execute(ActivityContext ctx, OrderInput in) {
        return new Payment("t");
      }

      @Override
      public String typeId() {
        return "anonymous-charge";
      }
    };

    for (Activity<?, ?> unstable : List.of(lambda, anonymous)) {
      assertInvalid(() -> ActivityRegistry.of(unstable)).hasMessageContaining(unstable.getClass().getName())
          .hasMessageContaining("named class").hasMessageContaining("typeId()");
      assertInvalid(() -> SagaEngine.builder().activities(unstable)).hasMessageContaining("named class");
    }
    assertThat(ActivityRegistry.of(named).has("anonymous-charge")).isTrue();
  }

  @Test
  void lambdaAndAnonymousWorkflowsWithoutATypeAreRejectedAtRegistration() {
    Workflow<OrderInput, String> lambda = (ctx, in) -> "x";
    Workflow<OrderInput, String> anonymous = new Workflow<>() {
      @Override
      public String run(WorkflowContext ctx, OrderInput in) {
        return "x";
      }
    };

    for (Workflow<?, ?> unstable : List.of(lambda, anonymous)) {
      assertInvalid(() -> engine(2, unstable)).hasMessageContaining(unstable.getClass().getName())
          .hasMessageContaining("named class").hasMessageContaining("type()");
    }
    assertThat(engines).isEmpty();
  }

  @Test
  void aLambdaStandingInForAnActivityClassRunsUnderThatClassesTypeId() {
    ActivityRegistry activities = new ActivityRegistry();
    Arrays.stream(fixtures.activities()).filter(a -> !(a instanceof ChargePayment)).forEach(activities::register);
    activities.register(ChargePayment.class, (ctx, in) -> new Payment("fake-" + ((OrderInput) in).orderId()));
    SagaEngine engine = engine(activities, 2, new OrderSaga());

    var handle = engine.start(OrderSaga.class, new OrderInput("o-1", 1));

    assertThat(handle.result(WAIT)).isEqualTo(new OrderResult("r-o-1", "fake-o-1", "s-o-1-1"));
    assertThat(engine.describe(handle.id()).history()).extracting(e -> e.text("activity_type"))
        .contains("charge-payment").noneMatch(type -> type != null && type.contains("lambda"));
    assertInvalid(() -> new ActivityRegistry().register(RenamedCharge.class, (ctx, in) -> new Payment("x")))
        .hasMessageContaining(RenamedCharge.class.getName()).hasMessageContaining("typeId()");
  }
}
