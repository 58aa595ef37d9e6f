package dev.operon.server.orders;

import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.server.orders.OrderActivities.ChargePayment;
import dev.operon.server.orders.OrderActivities.RefundPayment;
import dev.operon.server.orders.OrderActivities.ReleaseInventory;
import dev.operon.server.orders.OrderActivities.ReserveInventory;
import dev.operon.server.orders.OrderActivities.ShipOrder;
import dev.operon.server.orders.OrderRecords.Approval;
import dev.operon.server.orders.OrderRecords.OrderResult;
import dev.operon.server.orders.OrderRecords.Payment;
import dev.operon.server.orders.OrderRecords.Reservation;
import dev.operon.server.orders.OrderRecords.Shipment;
import java.time.Duration;

/**
 * Order fulfilment: reserve inventory, charge the payment, pause, wait for an approval, ship. A
 * failure, a missing approval or a cancel rolls back the payment and the reservation, newest first.
 */
public final class OrderSaga implements Workflow<OrderInput, OrderResult> {
  /** The name of the approval signal. */
  public static final String APPROVE = "approve";

  @Override
  public OrderResult run(WorkflowContext ctx, OrderInput in) {
    Reservation stock = ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
    Payment paid = ctx.step(ChargePayment.class, in).compensateWith(RefundPayment.class);
    ctx.sleep(Duration.ofMillis(in.sleepMillis()));
    ctx.awaitSignal(APPROVE, Approval.class, Duration.ofMillis(in.approvalTimeoutMillis()));
    Shipment shipment = ctx.activity(ShipOrder.class, in);
    return new OrderResult(stock.id(), paid.txnId(), shipment.trackingNo());
  }
}
