package dev.operon.saga;

import dev.operon.saga.OrderFixtures.ChargePayment;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.OrderResult;
import dev.operon.saga.OrderFixtures.Payment;
import dev.operon.saga.OrderFixtures.ReleaseInventory;
import dev.operon.saga.OrderFixtures.ReserveInventory;
import dev.operon.saga.OrderFixtures.ShipOrder;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Order sagas whose compensations call downstream systems that a test takes down and brings back,
 * recording every call (with its attempt and idempotency key) in the order fixtures' journal.
 */
final class CompensationFixtures {
  record Booking(String courierRef) {}

  /** A downstream system: up, or down with the error its calls fail with. */
  static final class Downstream {
    private final AtomicReference<String> outage = new AtomicReference<>();

    void down(String error) {
      outage.set(error);
    }

    void up() {
      outage.set(null);
    }

    void call() {
      String error = outage.get();
      if (error != null) {
        throw new IllegalStateException(error);
      }
    }
  }

  final Downstream payments = new Downstream();
  final Downstream couriers = new Downstream();
  private final Queue<String> journal;

  CompensationFixtures(Queue<String> journal) {
    this.journal = journal;
  }

  Activity<?, ?>[] activities() {
    return new Activity<?, ?>[] {
      new GatewayRefund(journal, payments), new BookCourier(journal), new CancelCourier(journal, couriers)
    };
  }

  /** Refunds through the payment gateway; 4 tries at once, as {@link OrderFixtures#QUICK_RETRIES}. */
  record GatewayRefund(Queue<String> journal, Downstream gateway) implements Activity<Payment, Void> {
    @Override
    public Void execute(ActivityContext ctx, Payment in) {
      journal.add("gateway-refund:" + in.txnId() + ":" + ctx.attempt() + ":" + ctx.idempotencyKey());
      gateway.call();
      return null;
    }

    @Override
    public ActivityOptions options() {
      return OrderFixtures.QUICK_RETRIES;
    }
  }

  record BookCourier(Queue<String> journal) implements Activity<OrderInput, Booking> {
    @Override
    public Booking execute(ActivityContext ctx, OrderInput in) {
      journal.add("book:" + in.orderId());
      return new Booking("b-" + in.orderId());
    }
  }

  /** Cancels a courier booking; 4 tries at once. */
  record CancelCourier(Queue<String> journal, Downstream courier) implements Activity<Booking, Void> {
    @Override
    public Void execute(ActivityContext ctx, Booking in) {
      journal.add("cancel-courier:" + in.courierRef() + ":" + ctx.attempt());
      courier.call();
      return null;
    }

    @Override
    public ActivityOptions options() {
      return OrderFixtures.QUICK_RETRIES;
    }
  }

  /** Reserve (released on rollback), charge (refunded through the gateway), ship ("fail..." orders fail). */
  static final class RefundingSaga implements Workflow<OrderInput, OrderResult> {
    @Override
    public OrderResult run(WorkflowContext ctx, OrderInput in) {
      var stock = ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      var paid = ctx.step(ChargePayment.class, in).compensateWith(GatewayRefund.class);
      var ship = ctx.activity(ShipOrder.class, in);
      return new OrderResult(stock.id(), paid.txnId(), ship.trackingNo());
    }
  }

  /** As {@link RefundingSaga}, with a courier booked (and cancelled on rollback) before shipping. */
  static final class CourierSaga implements Workflow<OrderInput, OrderResult> {
    @Override
    public OrderResult run(WorkflowContext ctx, OrderInput in) {
      var stock = ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      var paid = ctx.step(ChargePayment.class, in).compensateWith(GatewayRefund.class);
      ctx.step(BookCourier.class, in).compensateWith(CancelCourier.class);
      var ship = ctx.activity(ShipOrder.class, in);
      return new OrderResult(stock.id(), paid.txnId(), ship.trackingNo());
    }
  }
}
