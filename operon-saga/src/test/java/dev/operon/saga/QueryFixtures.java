package dev.operon.saga;

import dev.operon.retry.RetryPolicy;
import dev.operon.saga.OrderFixtures.Approval;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.ReserveInventory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

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

  /**
   * Imports 10 rows. The first attempt reports 3 rows done in a heartbeat, then hangs (until its
   * thread is interrupted); a later attempt resumes after the rows its predecessor reported.
   */
  record ResumableImport(Queue<String> journal) implements Activity<OrderInput, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, OrderInput in) throws InterruptedException {
      Optional<Integer> done = ctx.lastHeartbeat(Integer.class);
      journal.add("import:" + ctx.attempt() + ":" + done.map(String::valueOf).orElse("none"));
      if (done.isEmpty()) {
        ctx.heartbeat(3);
        Thread.sleep(Duration.ofMinutes(10));
      }
      ctx.heartbeat(done.orElseThrow());
      return done.get() + 7;
    }
  }

  /** Runs ResumableImport with a heartbeat timeout given per call (the class has none). */
  static final class ImportSaga implements Workflow<OrderInput, Integer> {
    static final ActivityOptions WATCHED = ActivityOptions.DEFAULT
        .withHeartbeatTimeout(Duration.ofSeconds(1))
        .withRetry(new RetryPolicy(5, Duration.ZERO, 1.0, Duration.ZERO, 0.0));

    @Override
    public Integer run(WorkflowContext ctx, OrderInput in) {
      return ctx.step(ResumableImport.class, in).options(WATCHED).run();
    }
  }

  /** Runs FlakyCharge (3 tries by class default, succeeds on the third) with no retry for this call. */
  static final class NoRetrySaga implements Workflow<OrderInput, OrderFixtures.Payment> {
    @Override
    public OrderFixtures.Payment run(WorkflowContext ctx, OrderInput in) {
      return ctx.step(OrderFixtures.FlakyCharge.class, in)
          .options(ActivityOptions.DEFAULT.withRetry(RetryPolicy.NONE)).run();
    }
  }
}
