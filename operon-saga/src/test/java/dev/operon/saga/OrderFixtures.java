package dev.operon.saga;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/** An order saga and its activities, recording every call in a journal. */
final class OrderFixtures {
  record OrderInput(String orderId, long amountCents) {}

  record Reservation(String id) {}

  record Payment(String txnId) {}

  record Shipment(String trackingNo) {}

  record OrderResult(String reservation, String txnId, String trackingNo) {}

  record Approval(boolean approved, String by) {}

  final Queue<String> journal = new ConcurrentLinkedQueue<>();
  final CountDownLatch gateEntered = new CountDownLatch(1);
  final CountDownLatch gateOpen = new CountDownLatch(1);

  List<String> calls() {
    return List.copyOf(journal);
  }

  Activity<?, ?>[] activities() {
    return new Activity<?, ?>[] {
      new ReserveInventory(journal), new ReleaseInventory(journal), new ChargePayment(journal),
      new RefundPayment(journal), new ShipOrder(journal), new FlakyCharge(journal),
      new BrokenRelease(journal), new GatedReserve(journal, gateEntered, gateOpen),
      new QueryFixtures.ResumableImport(journal)
    };
  }

  record ReserveInventory(Queue<String> journal) implements Activity<OrderInput, Reservation> {
    @Override
    public Reservation execute(ActivityContext ctx, OrderInput in) {
      journal.add("reserve:" + in.orderId());
      return new Reservation("r-" + in.orderId());
    }
  }

  record ReleaseInventory(Queue<String> journal) implements Activity<Reservation, Void> {
    @Override
    public Void execute(ActivityContext ctx, Reservation in) {
      journal.add("release:" + in.id());
      return null;
    }
  }

  record ChargePayment(Queue<String> journal) implements Activity<OrderInput, Payment> {
    @Override
    public Payment execute(ActivityContext ctx, OrderInput in) {
      journal.add("charge:" + in.orderId());
      return new Payment("t-" + in.orderId());
    }
  }

  record RefundPayment(Queue<String> journal) implements Activity<Payment, Void> {
    @Override
    public Void execute(ActivityContext ctx, Payment in) {
      journal.add("refund:" + in.txnId());
      return null;
    }
  }

  /** Fails with a domain error (not retried) for orders whose id starts with "fail". */
  record ShipOrder(Queue<String> journal) implements Activity<OrderInput, Shipment> {
    @Override
    public Shipment execute(ActivityContext ctx, OrderInput in) {
      journal.add("ship:" + in.orderId());
      if (in.orderId().startsWith("fail")) {
        throw OperonException.of(ErrorKind.ACTIVITY_EXECUTION, "carrier refused order " + in.orderId()).build();
      }
      return new Shipment("s-" + in.orderId() + "-" + ctx.attempt());
    }
  }

  /** Retries at once, 4 tries in all. */
  static final ActivityOptions QUICK_RETRIES =
      ActivityOptions.DEFAULT.withRetry(new RetryPolicy(4, Duration.ZERO, 1.0, Duration.ZERO, 0.0));

  /** Fails its first two attempts with an exception that is retried. */
  record FlakyCharge(Queue<String> journal) implements Activity<OrderInput, Payment> {
    @Override
    public Payment execute(ActivityContext ctx, OrderInput in) {
      journal.add("flaky:" + ctx.attempt() + ":" + ctx.idempotencyKey());
      if (ctx.attempt() < 3) {
        throw new IllegalStateException("gateway busy, attempt " + ctx.attempt());
      }
      return new Payment("t-" + in.orderId() + "-" + ctx.attempt());
    }

    @Override
    public ActivityOptions options() {
      return QUICK_RETRIES;
    }
  }

  /** A compensation that always fails. */
  record BrokenRelease(Queue<String> journal) implements Activity<Reservation, Void> {
    @Override
    public Void execute(ActivityContext ctx, Reservation in) {
      journal.add("broken-release:" + ctx.attempt());
      throw new IllegalStateException("inventory service down");
    }

    @Override
    public ActivityOptions options() {
      return QUICK_RETRIES;
    }
  }

  /** Reserves once the test opens the gate. */
  record GatedReserve(Queue<String> journal, CountDownLatch entered, CountDownLatch open)
      implements Activity<OrderInput, Reservation> {
    @Override
    public Reservation execute(ActivityContext ctx, OrderInput in) throws InterruptedException {
      entered.countDown();
      open.await();
      journal.add("gated-reserve:" + in.orderId());
      return new Reservation("g-" + in.orderId());
    }
  }

  /** A gated reservation, then a charge. */
  static final class GatedSaga implements Workflow<OrderInput, Payment> {
    @Override
    public Payment run(WorkflowContext ctx, OrderInput in) {
      ctx.step(GatedReserve.class, in).compensateWith(ReleaseInventory.class);
      return ctx.activity(ChargePayment.class, in);
    }
  }

  /** Version 1: reserve, ship, sleep. */
  static final class ShippingV1 implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.activity(ReserveInventory.class, in);
      ctx.activity(ShipOrder.class, in);
      ctx.sleep(Duration.ofHours(1));
      return "v1";
    }

    @Override
    public String type() {
      return "Shipping";
    }
  }

  /** Version 2: charges before shipping, behind a patch marker. */
  static final class ShippingV2 implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.activity(ReserveInventory.class, in);
      boolean charged = ctx.patched("charge-before-ship");
      if (charged) {
        ctx.activity(ChargePayment.class, in);
      }
      ctx.activity(ShipOrder.class, in);
      ctx.sleep(Duration.ofHours(1));
      return charged ? "v2 with charge" : "v2 replaying v1";
    }

    @Override
    public String type() {
      return "Shipping";
    }
  }

  /** Draws a number once, then sleeps: the number survives every replay. */
  static final class LuckySaga implements Workflow<OrderInput, Integer> {
    static final java.util.concurrent.atomic.AtomicInteger DRAWS = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Integer run(WorkflowContext ctx, OrderInput in) {
      int lucky = ctx.sideEffect(Integer.class, () -> 40 + DRAWS.incrementAndGet());
      ctx.sleep(Duration.ofMinutes(1));
      ctx.activity(ReserveInventory.class, in);
      return lucky;
    }
  }

  /** One flaky step. */
  static final class RetrySaga implements Workflow<OrderInput, Payment> {
    @Override
    public Payment run(WorkflowContext ctx, OrderInput in) {
      return ctx.activity(FlakyCharge.class, in);
    }
  }

  /** Reserve (with a compensation that always fails), then ship. */
  static final class BrokenCompensationSaga implements Workflow<OrderInput, Shipment> {
    @Override
    public Shipment run(WorkflowContext ctx, OrderInput in) {
      ctx.step(ReserveInventory.class, in).compensateWith(BrokenRelease.class);
      return ctx.activity(ShipOrder.class, in);
    }
  }

  /** Reserve, charge, ship; the first two compensated. */
  static final class OrderSaga implements Workflow<OrderInput, OrderResult> {
    @Override
    public OrderResult run(WorkflowContext ctx, OrderInput in) {
      var stock = ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      var paid = ctx.step(ChargePayment.class, in).compensateWith(RefundPayment.class);
      var ship = ctx.activity(ShipOrder.class, in);
      return new OrderResult(stock.id(), paid.txnId(), ship.trackingNo());
    }
  }

  /** Reserve, sleep an hour, ship. */
  static final class SleepySaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      ctx.sleep(Duration.ofHours(1));
      return ctx.activity(ShipOrder.class, in).trackingNo() + "@" + ctx.now();
    }
  }

  /** Reserve, sleep an hour; but the saga may only run for 30 minutes. */
  static final class ImpatientSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      ctx.sleep(Duration.ofHours(1));
      return "done";
    }

    @Override
    public java.util.Optional<Duration> timeout() {
      return java.util.Optional.of(Duration.ofMinutes(30));
    }
  }

  /** Charges 55 times: 112 events, so its history gets a snapshot at event 100. */
  static final class LongSaga implements Workflow<OrderInput, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, OrderInput in) {
      int charged = 0;
      for (int i = 0; i < 55; i++) {
        ctx.activity(ChargePayment.class, new OrderInput(in.orderId() + "-" + i, i));
        charged++;
      }
      return charged;
    }
  }

  /** Waits 10 minutes for approval, and when none comes, an hour more. */
  static final class SecondChanceSaga implements Workflow<OrderInput, Approval> {
    @Override
    public Approval run(WorkflowContext ctx, OrderInput in) {
      try {
        return ctx.awaitSignal("approve", Approval.class, Duration.ofMinutes(10));
      } catch (OperonException timeout) {
        return ctx.awaitSignal("approve", Approval.class, Duration.ofHours(1));
      }
    }
  }

  /** Reserve, then wait up to an hour for approval. */
  static final class ApprovalSaga implements Workflow<OrderInput, Approval> {
    @Override
    public Approval run(WorkflowContext ctx, OrderInput in) {
      ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      return ctx.awaitSignal("approve", Approval.class, Duration.ofHours(1));
    }
  }

  /** Ships without any compensation: an order whose id starts with "fail" fails the saga for good. */
  static final class DoomedSaga implements Workflow<OrderInput, Shipment> {
    @Override
    public Shipment run(WorkflowContext ctx, OrderInput in) {
      return ctx.activity(ShipOrder.class, in);
    }
  }

  /** Reserve and charge (both compensated), then wait up to an hour for approval. */
  static final class ChargedApprovalSaga implements Workflow<OrderInput, Approval> {
    @Override
    public Approval run(WorkflowContext ctx, OrderInput in) {
      ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      ctx.step(ChargePayment.class, in).compensateWith(RefundPayment.class);
      return ctx.awaitSignal("approve", Approval.class, Duration.ofHours(1));
    }
  }

  /** Charges 55 times (a snapshot at event 100), then sleeps a minute. */
  static final class LongSleepySaga implements Workflow<OrderInput, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, OrderInput in) {
      int charged = 0;
      for (int i = 0; i < 55; i++) {
        ctx.activity(ChargePayment.class, new OrderInput(in.orderId() + "-" + i, i));
        charged++;
      }
      ctx.sleep(Duration.ofMinutes(1));
      return charged;
    }
  }
}
