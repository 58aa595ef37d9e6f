package dev.operon.saga;

import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.ReleaseInventory;
import dev.operon.saga.OrderFixtures.Reservation;
import dev.operon.saga.OrderFixtures.ReserveInventory;
import dev.operon.saga.OrderFixtures.ShipOrder;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/** Workflows and activities for the tests of engines and workers that die. */
final class CrashFixtures {
  final Queue<String> journal = new ConcurrentLinkedQueue<>();
  final CountDownLatch firstAttemptRunning = new CountDownLatch(1);
  final CountDownLatch releaseFirstAttempt = new CountDownLatch(1);

  List<String> calls() {
    return List.copyOf(journal);
  }

  final CountDownLatch stubbornRunning = new CountDownLatch(1);
  final java.util.concurrent.atomic.AtomicBoolean releaseStubborn = new java.util.concurrent.atomic.AtomicBoolean();

  Activity<?, ?>[] activities() {
    return new Activity<?, ?>[] {new HeldReserve(journal, firstAttemptRunning, releaseFirstAttempt),
      new StubbornReserve(journal, stubbornRunning, releaseStubborn),
      new FlakyReserve(journal), new ReserveInventory(journal), new ReleaseInventory(journal), new ShipOrder(journal)};
  }

  /**
   * A reservation whose first attempt runs until the test releases it (or its worker interrupts it,
   * which it notes); later attempts reserve at once.
   */
  record HeldReserve(Queue<String> journal, CountDownLatch running, CountDownLatch release)
      implements Activity<OrderInput, Reservation> {
    @Override
    public Reservation execute(ActivityContext ctx, OrderInput in) {
      journal.add("reserve:" + in.orderId() + ":" + ctx.attempt());
      if (ctx.attempt() == 1) {
        running.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          journal.add("interrupted:" + in.orderId() + ":" + ctx.attempt());
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }
      return new Reservation("r-" + in.orderId() + "-" + ctx.attempt());
    }

    /** No retries: a second attempt can only come from a lost worker, never from the retry policy. */
    @Override
    public ActivityOptions options() {
      return ActivityOptions.DEFAULT.withRetry(dev.operon.retry.RetryPolicy.NONE);
    }
  }

  /** A reservation whose first attempt fails with a transient error; its retry comes one second later. */
  record FlakyReserve(Queue<String> journal) implements Activity<OrderInput, Reservation> {
    @Override
    public Reservation execute(ActivityContext ctx, OrderInput in) {
      journal.add("reserve:" + in.orderId() + ":" + ctx.attempt());
      if (ctx.attempt() == 1) {
        throw new IllegalStateException("the inventory service timed out");
      }
      return new Reservation("r-" + in.orderId() + "-" + ctx.attempt());
    }

    @Override
    public ActivityOptions options() {
      return ActivityOptions.DEFAULT.withRetry(
          new dev.operon.retry.RetryPolicy(2, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 0.0));
    }
  }

  /** A flaky reservation (released on rollback), then shipping. */
  static final class FlakySaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      Reservation r = ctx.step(FlakyReserve.class, in).compensateWith(ReleaseInventory.class);
      return r.id() + "/" + ctx.activity(ShipOrder.class, in).trackingNo();
    }
  }

  /**
   * A reservation that ignores interrupts: it runs until the test releases it, past any timeout.
   * One attempt only, with a 10 s timeout.
   */
  record StubbornReserve(Queue<String> journal, CountDownLatch running, java.util.concurrent.atomic.AtomicBoolean release)
      implements Activity<OrderInput, Reservation> {
    @Override
    public Reservation execute(ActivityContext ctx, OrderInput in) {
      journal.add("stubborn:" + in.orderId() + ":" + ctx.attempt());
      running.countDown();
      while (!release.get()) {
        Thread.onSpinWait();
        Thread.yield();
      }
      return new Reservation("r-" + in.orderId());
    }

    @Override
    public ActivityOptions options() {
      return ActivityOptions.DEFAULT.withRetry(dev.operon.retry.RetryPolicy.NONE).withTimeout(Duration.ofSeconds(10));
    }
  }

  /** A stubborn reservation, then shipping. */
  static final class StubbornSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.activity(StubbornReserve.class, in);
      return ctx.activity(ShipOrder.class, in).trackingNo();
    }
  }

  /** A held reservation (released on rollback), then shipping. */
  static final class HeldSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      Reservation r = ctx.step(HeldReserve.class, in).compensateWith(ReleaseInventory.class);
      return r.id() + "/" + ctx.activity(ShipOrder.class, in).trackingNo();
    }
  }

  /** A reservation (released on rollback), a two-second sleep, then shipping. */
  static final class NapThenShipSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.step(ReserveInventory.class, in).compensateWith(ReleaseInventory.class);
      ctx.sleep(Duration.ofSeconds(2));
      return ctx.activity(ShipOrder.class, in).trackingNo();
    }
  }
}
