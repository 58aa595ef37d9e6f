package dev.operon.saga.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.CompensationFailedException;
import dev.operon.saga.CompensationFailurePolicy;
import dev.operon.saga.CompensationRecord;
import dev.operon.saga.SagaHandle;
import dev.operon.saga.SagaState;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A failed rollback in the test environment: the policy, and retrying it with the downstream fixed. */
class SagaTestEnvironmentCompensationTest {
  record Order(String id) {}

  final List<String> calls = new CopyOnWriteArrayList<>();
  final AtomicBoolean gatewayDown = new AtomicBoolean(true);

  final class Reserve implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      calls.add("reserve:" + in.id());
      return "r-" + in.id();
    }
  }

  final class Release implements Activity<String, Void> {
    @Override
    public Void execute(ActivityContext ctx, String reservation) {
      calls.add("release:" + reservation);
      return null;
    }
  }

  final class Charge implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      calls.add("charge:" + in.id());
      return "t-" + in.id();
    }
  }

  /** The real refund calls a payment gateway; the tests mock it. */
  static final class Refund implements Activity<String, Void> {
    @Override
    public Void execute(ActivityContext ctx, String txn) {
      throw new IllegalStateException("the real payment gateway must not be called from a unit test");
    }
  }

  static final class Ship implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order in) {
      throw OperonException.of(ErrorKind.ACTIVITY_EXECUTION, "no courier for " + in.id()).retryable(false).build();
    }
  }

  /** Reserve, charge, ship: shipping always fails, so the charge is refunded and the stock released. */
  static final class Shipping implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order in) {
      ctx.step(Reserve.class, in).compensateWith(Release.class);
      ctx.step(Charge.class, in).compensateWith(Refund.class);
      return ctx.activity(Ship.class, in);
    }
  }

  SagaTestEnvironment environment(CompensationFailurePolicy policy) {
    return SagaTestEnvironment.builder().compensationFailure(policy).workflows(new Shipping())
        .activities(new Reserve(), new Release(), new Charge(), new Refund(), new Ship())
        .mock(Refund.class, (ctx, txn) -> {
          calls.add("refund:" + txn + ":" + ctx.attempt());
          if (gatewayDown.get()) {
            throw new IllegalStateException("gateway down");
          }
          return null;
        })
        .build();
  }

  @Test
  void aFailedRollbackIsRetriedOnceTheGatewayIsBack() {
    try (SagaTestEnvironment env = environment(CompensationFailurePolicy.STOP)) {
      SagaHandle<String> order = env.start(Shipping.class, new Order("o-1"));
      env.advance(Duration.ofMinutes(1)); // the refund's retries, 1 s, 2 s and 4 s apart

      assertThatThrownBy(() -> env.result(order)).isInstanceOfSatisfying(CompensationFailedException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.COMPENSATION);
        assertThat(e.compensationType()).isEqualTo("refund");
        assertThat(e.failure().message()).isEqualTo("gateway down");
        assertThat(e.originalFailure().message()).contains("no courier for o-1");
      });
      assertThat(calls).containsExactly("reserve:o-1", "charge:o-1", "refund:t-o-1:1", "refund:t-o-1:2",
          "refund:t-o-1:3", "refund:t-o-1:4");
      assertThat(env.describe(order.id()).plannedCompensations()).containsExactly("refund", "release");

      gatewayDown.set(false);
      env.retryCompensation(order.id());

      assertThatThrownBy(() -> env.result(order)).isNotInstanceOf(CompensationFailedException.class)
          .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
      assertThat(calls.subList(6, calls.size())).containsExactly("refund:t-o-1:1", "release:r-o-1");
      assertThat(env.describe(order.id()).state()).isEqualTo(SagaState.CANCELLED);
    }
  }

  @Test
  void withContinueTheReleaseRunsAlthoughTheRefundFailed() {
    try (SagaTestEnvironment env = environment(CompensationFailurePolicy.CONTINUE)) {
      SagaHandle<String> order = env.start(Shipping.class, new Order("o-2"));
      env.advance(Duration.ofMinutes(1));

      assertThatThrownBy(() -> env.result(order)).isInstanceOfSatisfying(CompensationFailedException.class,
          e -> assertThat(e.ran()).extracting(CompensationRecord::compensationType, CompensationRecord::status)
              .containsExactly(tuple("refund", CompensationRecord.Status.FAILED),
                  tuple("release", CompensationRecord.Status.COMPLETED)));
      assertThat(calls).endsWith("refund:t-o-2:4", "release:r-o-2");
    }
  }

  @Test
  void thePolicyIsRequired() {
    assertThatThrownBy(() -> SagaTestEnvironment.builder().compensationFailure(null))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
  }
}
