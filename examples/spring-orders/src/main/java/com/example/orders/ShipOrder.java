package com.example.orders;

import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import org.springframework.stereotype.Component;

/** Hands the order to the carrier; returns its tracking number. */
@Component
public class ShipOrder implements Activity<OrderRequest, String> {
  @Override
  public String execute(ActivityContext ctx, OrderRequest order) {
    return "TRACK-" + order.orderId();
  }
}
