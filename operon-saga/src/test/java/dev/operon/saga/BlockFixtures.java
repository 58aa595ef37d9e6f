package dev.operon.saga;

import dev.operon.saga.OrderFixtures.ChargePayment;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.ReleaseInventory;
import dev.operon.saga.OrderFixtures.ReserveInventory;
import dev.operon.saga.OrderFixtures.ShipOrder;
import java.time.Duration;
import java.util.Queue;

/** Workflows whose sagas the engine cannot move: changed code, an activity no worker registered. */
final class BlockFixtures {
  private BlockFixtures() {}

  /** Reserve (released on rollback), sleep 2 s, charge: the code that started the sagas. */
  static final class NapThenCharge implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      ctx.sleep(Duration.ofSeconds(2));
      return ctx.activity(ChargePayment.class, in).txnId();
    }
  }

  /** The same workflow type, changed without a patch marker: the sleep became a shipment. */
  static final class NapThenChargeChanged implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      ctx.activity(ShipOrder.class, in);
      return ctx.activity(ChargePayment.class, in).txnId();
    }

    @Override
    public String type() {
      return "NapThenCharge";
    }
  }

  /** An activity that the tests' engines register only when they say so. */
  record Engrave(Queue<String> journal) implements Activity<OrderInput, String> {
    @Override
    public String execute(ActivityContext ctx, OrderInput in) {
      journal.add("engrave:" + in.orderId());
      return "engraved " + in.orderId();
    }
  }

  /** Engraves first: an engine without {@link Engrave} cannot decide its first step. */
  static final class EngraveFirst implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      return ctx.activity(Engrave.class, in);
    }
  }

  /** Reserves (released on rollback), then engraves. */
  static final class ReserveThenEngrave implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      return ctx.activity(Engrave.class, in);
    }
  }
}
