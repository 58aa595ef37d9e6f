package com.example.orders;

import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import org.springframework.stereotype.Component;

/**
 * The order saga: reserve the items, charge the card, ship. When a step fails after the items were
 * reserved (the card is declined), the reservation is released: compensations run newest first.
 * Returns the shipment's tracking number.
 */
@Component
public class OrderWorkflow implements Workflow<OrderRequest, String> {
  @Override
  public String run(WorkflowContext ctx, OrderRequest order) {
    ctx.step(ReserveStock.class, order).compensateWith(ReleaseStock.class);
    ctx.activity(ChargeCard.class, order);
    return ctx.activity(ShipOrder.class, order);
  }
}
