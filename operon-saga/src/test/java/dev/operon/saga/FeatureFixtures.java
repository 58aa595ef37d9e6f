package dev.operon.saga;

import dev.operon.saga.OrderFixtures.Approval;
import dev.operon.saga.OrderFixtures.ApprovalSaga;
import dev.operon.saga.OrderFixtures.ChargePayment;
import dev.operon.saga.OrderFixtures.FlakyCharge;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.OrderResult;
import dev.operon.saga.OrderFixtures.Payment;
import dev.operon.saga.OrderFixtures.RefundPayment;
import dev.operon.saga.OrderFixtures.ReleaseInventory;
import dev.operon.saga.OrderFixtures.ReserveInventory;
import dev.operon.saga.OrderFixtures.ShipOrder;
import java.time.Duration;

/** Workflows using local activities, markers, child workflows and continue-as-new, over the order activities. */
final class FeatureFixtures {
  private FeatureFixtures() {}

  /** Reserve locally (compensated), charge through the queue, ship locally. */
  static final class LocalOrderSaga implements Workflow<OrderInput, OrderResult> {
    @Override
    public OrderResult run(WorkflowContext ctx, OrderInput in) {
      var stock = ctx.localStep(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      var paid = ctx.activity(ChargePayment.class, in);
      var ship = ctx.localActivity(ShipOrder.class, in);
      return new OrderResult(stock.id(), paid.txnId(), ship.trackingNo());
    }
  }

  /** Reserve and ship, both locally, so both run in the saga's first workflow task. */
  static final class LocalOnlySaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.localStep(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      return ctx.localActivity(ShipOrder.class, in).trackingNo();
    }
  }

  /** One flaky charge, run locally. */
  static final class LocalRetrySaga implements Workflow<OrderInput, Payment> {
    @Override
    public Payment run(WorkflowContext ctx, OrderInput in) {
      return ctx.localActivity(FlakyCharge.class, in);
    }
  }

  /** Marks its input, sleeps a minute, marks the time. */
  static final class MarkedSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.marker("received", in);
      ctx.sleep(Duration.ofMinutes(1));
      ctx.marker("slept", ctx.now().toString());
      return "ok";
    }
  }

  /** A child's part of an order: charge (refunded on rollback), then ship. */
  static final class ChargeAndShip implements Workflow<OrderInput, OrderResult> {
    @Override
    public OrderResult run(WorkflowContext ctx, OrderInput in) {
      var paid = ctx.step(ChargePayment.class, in).compensateWith(RefundPayment.class);
      var ship = ctx.activity(ShipOrder.class, in);
      return new OrderResult(null, paid.txnId(), ship.trackingNo());
    }
  }

  /** Reserve (released on rollback), then the rest of the order as a child saga. */
  static final class FamilySaga implements Workflow<OrderInput, OrderResult> {
    @Override
    public OrderResult run(WorkflowContext ctx, OrderInput in) {
      var stock = ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      OrderResult rest = ctx.childWorkflow(ChargeAndShip.class, in);
      return new OrderResult(stock.id(), rest.txnId(), rest.trackingNo());
    }
  }

  record GuardianInput(String orderId, ParentClosePolicy policy) {}

  /** Charge (refunded on rollback), then an approval child with the given parent-close policy. */
  static final class GuardianSaga implements Workflow<GuardianInput, Approval> {
    @Override
    public Approval run(WorkflowContext ctx, GuardianInput in) {
      ctx.step(ChargePayment.class, new OrderInput(in.orderId(), 1)).compensateWith(RefundPayment.class);
      return ctx.childWorkflow(ApprovalSaga.class, new OrderInput(in.orderId(), 1),
          ChildWorkflowOptions.DEFAULT.withParentClosePolicy(in.policy()));
    }
  }

  /** Starts a child under business id "taken-1" and reports how that went. */
  static final class ClaimingSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      try {
        return ctx.childWorkflow(ChargeAndShip.class, in, ChildWorkflowOptions.DEFAULT.withBusinessId("taken-1"))
            .trackingNo();
      } catch (ChildWorkflowFailedException e) {
        return e.outcome().typeName() + "/" + e.kind();
      }
    }
  }

  record Count(int left, int total) {}

  /** Charges once per run and continues as new until {@code left} runs are done; returns the count. */
  static final class CountingSaga implements Workflow<Count, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Count in) {
      ctx.activity(ChargePayment.class, new OrderInput("n-" + in.left(), 1));
      if (in.left() > 1) {
        ctx.continueAsNew(new Count(in.left() - 1, in.total() + 1));
      }
      return in.total() + 1;
    }
  }

  /** Continues as new {@code left} times, then waits for signal "go" and returns who sent it. */
  static final class RelaySaga implements Workflow<Count, String> {
    @Override
    public String run(WorkflowContext ctx, Count in) {
      if (in.left() > 0) {
        ctx.continueAsNew(new Count(in.left() - 1, in.total() + 1));
      }
      return ctx.awaitSignal("go", Approval.class, Duration.ofHours(1)).by() + " after " + in.total();
    }
  }

  /** Tags itself on its first run, then continues as new {@code left} times. */
  static final class TaggedRelay implements Workflow<Count, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Count in) {
      if (in.total() == 0) {
        ctx.upsertSearchAttributes(java.util.Map.of("customer", "acme", "batch", "b-1"));
      } else {
        ctx.upsertSearchAttributes(java.util.Collections.singletonMap("batch", "b-" + (in.total() + 1)));
      }
      if (in.left() > 0) {
        ctx.continueAsNew(new Count(in.left() - 1, in.total() + 1));
      }
      return in.total();
    }
  }

  /** Runs a counting child of two runs. */
  static final class CountingParent implements Workflow<OrderInput, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, OrderInput in) {
      return ctx.childWorkflow(CountingSaga.class, new Count(2, 0));
    }
  }
}
