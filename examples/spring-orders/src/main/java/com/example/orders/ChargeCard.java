package com.example.orders;

import dev.operon.retry.RetryPolicy;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.ActivityOptions;
import org.springframework.stereotype.Component;

/**
 * Charges the order's card. This example's card provider declines any amount over
 * {@link #LIMIT_CENTS}; a decline is final, so the step is not tried again.
 */
@Component
public class ChargeCard implements Activity<OrderRequest, String> {
  static final long LIMIT_CENTS = 100_000;

  @Override
  public String execute(ActivityContext ctx, OrderRequest order) {
    if (order.amountCents() > LIMIT_CENTS) {
      throw new IllegalStateException("card declined: " + order.amountCents() + " cents is over the limit");
    }
    return "charge-" + order.orderId();
  }

  @Override
  public ActivityOptions options() {
    return ActivityOptions.DEFAULT.withRetry(RetryPolicy.NONE);
  }
}
