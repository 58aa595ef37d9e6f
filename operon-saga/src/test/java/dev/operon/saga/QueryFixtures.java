package dev.operon.saga;

import dev.operon.saga.OrderFixtures.Approval;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.ReserveInventory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Workflows for search attributes, listing, updates, queries and heartbeats. */
final class QueryFixtures {
  private QueryFixtures() {}

  /** Tags itself with typed search attributes, waits for "approve", then changes its tags. */
  static final class TaggedSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.upsertSearchAttributes(Map.of("customer", in.orderId(), "amount", in.amountCents(),
          "vip", in.amountCents() > 1000, "placed", ctx.now(), "score", 0.5f));
      ctx.activity(ReserveInventory.class, in);
      Approval approval = ctx.awaitSignal("approve", Approval.class, Duration.ofHours(1));
      Map<String, Object> after = new HashMap<>();
      after.put("stage", "approved by " + approval.by());
      after.put("vip", null);
      ctx.upsertSearchAttributes(after);
      return approval.by();
    }
  }
}
