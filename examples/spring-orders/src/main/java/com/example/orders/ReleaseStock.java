package com.example.orders;

import dev.operon.commands.Commander;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import org.springframework.stereotype.Component;

/** Gives a failed order's reserved items back to the stock (the compensation of {@link ReserveStock}). */
@Component
public class ReleaseStock implements Activity<Reservation, Void> {
  private final Commander commander;

  ReleaseStock(Commander commander) {
    this.commander = commander;
  }

  @Override
  public Void execute(ActivityContext ctx, Reservation reservation) {
    commander.call(new AdjustStock(reservation.sku(), reservation.quantity(), ctx.idempotencyKey()));
    return null;
  }
}
