package dev.operon.saga;

import dev.operon.retry.RetryPolicy;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.Payment;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/** Workflows and activities for the timer, schedule, reconciler and watchdog tests. */
final class TimerFixtures {
  /** Backoff of 10 s, then 20 s; no jitter, so tests know when each retry is due. */
  static final RetryPolicy TEN_SECOND_BACKOFF = new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.0);

  final Queue<String> journal = new ConcurrentLinkedQueue<>();
  final CountDownLatch gateEntered = new CountDownLatch(1);
  final CountDownLatch gateOpen = new CountDownLatch(1);

  List<String> calls() {
    return List.copyOf(journal);
  }

  Activity<?, ?>[] activities() {
    return new Activity<?, ?>[] {new SlowStartCharge(journal), new Note(journal), new Erase(journal),
      new GatedNote(journal, gateEntered, gateOpen)};
  }

  /** Fails its first attempt with an exception that is retried after 10 s. */
  record SlowStartCharge(Queue<String> journal) implements Activity<OrderInput, Payment> {
    @Override
    public Payment execute(ActivityContext ctx, OrderInput in) {
      journal.add("charge:" + in.orderId() + ":" + ctx.attempt());
      if (ctx.attempt() < 2) {
        throw new IllegalStateException("gateway busy");
      }
      return new Payment("t-" + in.orderId() + "-" + ctx.attempt());
    }

    @Override
    public ActivityOptions options() {
      return ActivityOptions.DEFAULT.withRetry(TEN_SECOND_BACKOFF);
    }
  }

  /** Records its input. */
  record Note(Queue<String> journal) implements Activity<OrderInput, String> {
    @Override
    public String execute(ActivityContext ctx, OrderInput in) {
      journal.add("note:" + in.orderId());
      return "noted " + in.orderId();
    }
  }

  /** Erases a note: the compensation of {@link Note} and {@link GatedNote}. */
  record Erase(Queue<String> journal) implements Activity<String, Void> {
    @Override
    public Void execute(ActivityContext ctx, String note) {
      journal.add("erase:" + note);
      return null;
    }
  }

  /** A note taken once the test opens the gate. */
  record GatedNote(Queue<String> journal, CountDownLatch entered, CountDownLatch open)
      implements Activity<OrderInput, String> {
    @Override
    public String execute(ActivityContext ctx, OrderInput in) throws InterruptedException {
      entered.countDown();
      open.await();
      journal.add("gated-note:" + in.orderId());
      return "noted " + in.orderId();
    }
  }

  /** A gated note (erased on rollback), then a note. */
  static final class GatedSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.step(GatedNote.class, in).compensateWith(Erase.class);
      return ctx.activity(Note.class, in);
    }
  }

  /** One charge with a 10 s retry backoff. */
  static final class BackoffSaga implements Workflow<OrderInput, Payment> {
    @Override
    public Payment run(WorkflowContext ctx, OrderInput in) {
      return ctx.activity(SlowStartCharge.class, in);
    }
  }

  /** One note: what a schedule starts. */
  static final class NoteSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      return ctx.activity(Note.class, in);
    }
  }

  /** Notes, sleeps an hour, notes again. */
  static final class NapSaga implements Workflow<OrderInput, String> {
    @Override
    public String run(WorkflowContext ctx, OrderInput in) {
      ctx.activity(Note.class, in);
      ctx.sleep(Duration.ofHours(1));
      return ctx.activity(Note.class, new OrderInput(in.orderId() + "-after", 0));
    }
  }
}
