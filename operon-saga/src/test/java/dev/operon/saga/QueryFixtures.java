package dev.operon.saga;

import dev.operon.saga.OrderFixtures.Approval;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.ReserveInventory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

  /**
   * A cart: items are added by update "add" (a blank item is rejected by the validator, "boom"
   * makes the handler throw), read by queries "items" and "count"; the "checkout" signal ends it
   * with the items joined.
   */
  static final class CartSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      List<String> items = new ArrayList<>();
      ctx.onQuery("items", () -> List.copyOf(items));
      ctx.onQuery("count", items::size);
      ctx.onUpdate("add", String.class, item -> {
        if (item.isBlank()) {
          throw new IllegalArgumentException("an item needs a name");
        }
      }, item -> {
        if (item.equals("boom")) {
          throw new IllegalStateException("the shelf fell over");
        }
        items.add(item);
        return items.size();
      });
      ctx.activity(ReserveInventory.class, in);
      ctx.awaitSignal("checkout", Approval.class, Duration.ofHours(1));
      return String.join(",", items);
    }
  }
}
