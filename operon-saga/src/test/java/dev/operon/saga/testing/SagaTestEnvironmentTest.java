package dev.operon.saga.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaHandle;
import dev.operon.saga.SagaState;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sagas that wait hours and days run to the end in one test, on the environment's clock. */
class SagaTestEnvironmentTest {
  record Order(String id) {}

  record Approval(String by) {}

  static final List<String> CALLS = new ArrayList<>();

  static final class Reserve implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      CALLS.add("reserve:" + in.id());
      return "r-" + in.id();
    }
  }

  static final class Release implements Activity<String, Void> {
    @Override
    public Void execute(ActivityContext ctx, String reservation) {
      CALLS.add("release:" + reservation);
      return null;
    }
  }

  /** Talks to a payment provider: never called when mocked. */
  static final class Charge implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      throw new IllegalStateException("the real payment provider must not be called from a unit test");
    }
  }

  /** Reserve, sleep an hour, wait up to a day for approval, charge. */
  static final class ApprovedOrder implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order in) {
      ctx.step(Reserve.class, in).compensateWith(Release.class);
      ctx.sleep(Duration.ofHours(1));
      Approval approval = ctx.awaitSignal("approve", Approval.class, Duration.ofHours(24));
      return ctx.activity(Charge.class, in) + " by " + approval.by() + " at " + ctx.now();
    }
  }

  /** Reserve, then sleep two hours, but the saga may run only 30 minutes. */
  static final class ImpatientOrder implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order in) {
      ctx.step(Reserve.class, in).compensateWith(Release.class);
      ctx.sleep(Duration.ofHours(2));
      return "too late";
    }

    @Override
    public Optional<Duration> timeout() {
      return Optional.of(Duration.ofMinutes(30));
    }
  }

  /** A charge that fails twice (retried after backoff), then succeeds. */
  static final class RetriedCharge implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order in) {
      return ctx.activity(Charge.class, in);
    }
  }

  private static final Instant T0 = SagaTestEnvironment.DEFAULT_START;

  private final SagaTestEnvironment env = SagaTestEnvironment.builder()
      .workflows(new ApprovedOrder(), new ImpatientOrder())
      .activities(new Reserve(), new Release(), new Charge())
      .mock(Charge.class, (ctx, in) -> "t-" + in.id())
      .build();

  @AfterEach
  void close() {
    env.close();
    CALLS.clear();
  }

  private List<HistoryEvent> events(String sagaId, EventType type) {
    return env.describe(sagaId).history().stream().filter(e -> e.eventType() == type).toList();
  }

  @Test
  void aOneHourSleepAndASignalWaitOfADayRunOnTheEnvironmentsClock() {
    SagaHandle<String> order = env.start(ApprovedOrder.class, new Order("o-1"));
    assertThat(env.describe(order.id()).state()).isEqualTo(SagaState.PAUSED);
    assertThat(CALLS).containsExactly("reserve:o-1");

    env.advance(Duration.ofMinutes(59));
    assertThat(events(order.id(), EventType.TIMER_FIRED)).isEmpty();
    env.advance(Duration.ofMinutes(1));
    assertThat(events(order.id(), EventType.TIMER_FIRED)).singleElement()
        .satisfies(e -> assertThat(e.timestamp()).isEqualTo(T0.plus(Duration.ofHours(1))));
    env.advance(Duration.ofHours(23));
    assertThat(env.describe(order.id()).state()).isEqualTo(SagaState.PAUSED);
    assertThatThrownBy(() -> env.result(order)).isInstanceOf(OperonException.class)
        .hasMessageContaining(order.id()).hasMessageContaining("advance the clock or signal it");

    env.signal(order.id(), "approve", new Approval("alice"));

    assertThat(env.result(order)).isEqualTo("t-o-1 by alice at " + T0.plus(Duration.ofHours(24)));
    assertThat(env.now()).isEqualTo(T0.plus(Duration.ofHours(24)));
    assertThat(env.describe(order.id()).state()).isEqualTo(SagaState.COMPLETED);
  }

  @Test
  void aSignalThatNeverComesTimesOutAfterADayAndTheSagaIsRolledBack() {
    SagaHandle<String> order = env.start(ApprovedOrder.class, new Order("o-2"));

    env.advance(Duration.ofDays(2));

    assertThat(env.now()).isEqualTo(T0.plus(Duration.ofDays(2)));
    assertThatThrownBy(() -> env.result(order)).isInstanceOf(OperonException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED))
        .hasMessageContaining("no signal 'approve'");
    assertThat(events(order.id(), EventType.TIMER_FIRED)).extracting(HistoryEvent::timestamp)
        .containsExactly(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(25)));
    assertThat(env.describe(order.id()).failure()).hasValueSatisfying(
        f -> assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(CALLS).containsExactly("reserve:o-2", "release:r-o-2");
  }

  @Test
  void theWorkflowTimeoutFiresBeforeALongerSleep() {
    SagaHandle<String> order = env.start(ImpatientOrder.class, new Order("o-3"));

    env.advance(Duration.ofHours(3));

    assertThatThrownBy(() -> env.result(order)).hasMessageContaining("workflow timeout");
    assertThat(events(order.id(), EventType.WORKFLOW_EXECUTION_TIMED_OUT)).singleElement()
        .satisfies(e -> assertThat(e.timestamp()).isEqualTo(T0.plus(Duration.ofMinutes(30))));
    assertThat(events(order.id(), EventType.TIMER_FIRED)).isEmpty();
    assertThat(CALLS).containsExactly("reserve:o-3", "release:r-o-3");
  }

  @Test
  void retriesWaitTheirBackoffOnTheEnvironmentsClock() {
    List<Integer> attempts = new ArrayList<>();
    try (SagaTestEnvironment flaky = SagaTestEnvironment.builder()
        .workflows(new RetriedCharge())
        .activities(new Charge())
        .mock(Charge.class, (ctx, in) -> {
          attempts.add(ctx.attempt());
          if (ctx.attempt() < 3) {
            throw new IllegalStateException("gateway busy");
          }
          return "t-" + in.id() + "-" + ctx.attempt();
        })
        .build()) {
      SagaHandle<String> order = flaky.start(RetriedCharge.class, new Order("o-4"));
      assertThat(flaky.describe(order.id()).state()).isEqualTo(SagaState.PAUSED);
      assertThat(attempts).hasSize(1);

      flaky.advance(Duration.ofSeconds(10));

      assertThat(flaky.result(order)).isEqualTo("t-o-4-3");
      assertThat(attempts).containsExactly(1, 2, 3);
      List<HistoryEvent> failed = flaky.describe(order.id()).history().stream()
          .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED).toList();
      assertThat(failed).hasSize(2);
      List<Instant> recordedAt = flaky.describe(order.id()).history().stream()
          .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED || e.eventType() == EventType.ACTIVITY_TASK_COMPLETED)
          .map(HistoryEvent::timestamp).toList();
      assertThat(recordedAt).isSorted().doesNotHaveDuplicates();
      assertThat(recordedAt.get(0)).isEqualTo(T0);
      assertThat(recordedAt.get(2)).isBefore(T0.plus(Duration.ofSeconds(10)));
    }
  }

  @Test
  void theMockKeepsTheRealActivitysTypeIdInTheHistory() {
    SagaHandle<String> order = env.start(ApprovedOrder.class, new Order("o-5"));
    env.advance(Duration.ofHours(1));
    env.signal(order.id(), "approve", new Approval("bob"));

    assertThat(env.result(order)).startsWith("t-o-5 by bob");
    assertThat(events(order.id(), EventType.ACTIVITY_TASK_SCHEDULED)).extracting(e -> e.text("activity_type"))
        .containsExactly("reserve", "charge");
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> env.advance(Duration.ofSeconds(-1)))
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> SagaTestEnvironment.builder()
        .mock(Charge.class, (ctx, in) -> "a").mock(Charge.class, (ctx, in) -> "b"))
        .hasMessageContaining(Charge.class.getName());
    assertThat(env.now()).isEqualTo(T0);
  }

  @Test
  void aMockNeedsNoInstanceOfTheRealActivity() {
    try (SagaTestEnvironment mocked = SagaTestEnvironment.builder()
        .workflows(new RetriedCharge())
        .mock(Charge.class, (ctx, in) -> "mocked-" + in.id())
        .build()) {
      SagaHandle<String> order = mocked.start(RetriedCharge.class, new Order("o-6"));

      assertThat(mocked.result(order)).isEqualTo("mocked-o-6");
      assertThat(mocked.describe(order.id()).history()).filteredOn(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
          .extracting(e -> e.text("activity_type")).containsExactly("charge");
    }
  }

  @Test
  void aWorkflowThatCallsAnUnregisteredActivityFailsTheTestAtOnce() {
    try (SagaTestEnvironment missing = SagaTestEnvironment.builder().workflows(new RetriedCharge()).build()) {
      assertThatThrownBy(() -> missing.start(RetriedCharge.class, new Order("o-7")))
          .isInstanceOf(OperonException.class)
          .hasMessageContaining(Charge.class.getName());
    }
  }
}
