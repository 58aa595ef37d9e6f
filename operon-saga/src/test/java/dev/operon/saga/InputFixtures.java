package dev.operon.saga;

import dev.operon.saga.OrderFixtures.Approval;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.Payment;
import java.time.Duration;
import java.util.Map;

/** Workflows and activities for the checks of inputs, signals, business ids and type ids. */
final class InputFixtures {
  private InputFixtures() {}

  /** Takes no input. */
  static final class PingSaga implements Workflow<Void, String> {
    @Override
    public String run(WorkflowContext ctx, Void in) {
      return "pong";
    }
  }

  /** Returns its input as text, running nothing. */
  static final class EchoSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      return in.orderId() + ":" + in.amountCents();
    }
  }

  /** Starts an EchoSaga child without an input. */
  static final class ParentOfNothing implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      return ctx.childWorkflow(EchoSaga.class, null);
    }
  }

  record Hop(int n) {}

  /** Hop 0 continues as new with an input that has a property Hop does not have. */
  static final class HopSaga implements Workflow<Hop, String> {
    @Override
    public String run(WorkflowContext ctx, Hop in) {
      if (in.n() == 0) {
        ctx.continueAsNew(Map.of("n", 1, "skip", true));
      }
      return "hop " + in.n();
    }
  }

  record Address(String street, int number) {}

  /** Takes update "address" (an Address), then waits up to an hour for "approve". */
  static final class AddressedSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      StringBuilder address = new StringBuilder();
      ctx.onUpdate("address", Address.class, null, a -> {
        address.setLength(0);
        address.append(a.street()).append(' ').append(a.number());
        return address.toString();
      });
      Approval approval = ctx.awaitSignal("approve", Approval.class, Duration.ofHours(1));
      return address + " by " + approval.by();
    }
  }

  /** A verdict whose JSON holds more than it decodes from: {@code "final": true}, from its getter. */
  record Verdict(boolean approved, String by) {
    public boolean isFinal() {
      return true;
    }
  }

  /** Waits up to an hour for signal "verdict". */
  static final class VerdictSaga implements Workflow<OrderInput, Verdict> {
    @Override
    public Verdict run(WorkflowContext ctx, OrderInput in) {
      return ctx.awaitSignal("verdict", Verdict.class, Duration.ofHours(1));
    }
  }

  /** A charge whose class names its own type id. */
  static final class RenamedCharge implements Activity<OrderInput, Payment> {
    @Override
    public Payment execute(ActivityContext ctx, OrderInput in) {
      return new Payment("renamed-" + in.orderId());
    }

    @Override
    public String typeId() {
      return "charge-v2";
    }
  }
}
