package dev.operon.saga.internal.worker;

import dev.operon.saga.internal.history.SagaHistory;
import java.util.concurrent.CompletableFuture;

/**
 * An activity attempt that a worker runs: one it keeps to run itself instead of publishing it,
 * with the saga's history as that worker appended it (so it need not read it again) and the writes
 * that follow that append (the attempt's timeout timer, the previous attempt's timer cancel), which
 * run while the activity runs and are done before its result is recorded; or one delivered by the
 * queue ({@code delivered} non-null: it acknowledges the task once the worker holds the attempt's
 * lease, see {@link AttemptLeases}).
 */
public record Continuation(ActivityTaskMessage task, SagaHistory history, CompletableFuture<Void> effects,
    Runnable delivered) {
  /** A kept attempt whose effects are done. */
  public Continuation(ActivityTaskMessage task, SagaHistory history) {
    this(task, history, CompletableFuture.completedFuture(null), null);
  }

  /** A kept attempt whose effects run while it runs. */
  public Continuation(ActivityTaskMessage task, SagaHistory history, CompletableFuture<Void> effects) {
    this(task, history, effects, null);
  }

  /** Waits for the effects; rethrows their failure. */
  void awaitEffects() {
    try {
      effects.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
