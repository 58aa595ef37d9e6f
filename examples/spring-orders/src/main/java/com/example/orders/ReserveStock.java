package com.example.orders;

import dev.operon.commands.Commander;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import org.springframework.stereotype.Component;

/** Takes the order's items from the stock, by the stock command, once per step (its idempotency key). */
@Component
public class ReserveStock implements Activity<OrderRequest, Reservation> {
  private final Commander commander;

  ReserveStock(Commander commander) {
    this.commander = commander;
  }

  @Override
  public Reservation execute(ActivityContext ctx, OrderRequest order) {
    commander.call(new AdjustStock(order.sku(), -order.quantity(), ctx.idempotencyKey()));
    return new Reservation(order.orderId(), order.sku(), order.quantity());
  }
}
