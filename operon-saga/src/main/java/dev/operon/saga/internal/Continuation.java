package dev.operon.saga.internal;

import java.util.concurrent.CompletableFuture;

/**
 * An activity attempt that a worker keeps to run itself instead of publishing it, with the saga's
 * history as that worker appended it (so it need not read it again), and the writes that follow
 * that append (the attempt's timeout timer, the previous attempt's timer cancel), which run while
 * the activity runs and are done before its result is recorded.
 */
public record Continuation(ActivityTaskMessage task, SagaHistory history, CompletableFuture<Void> effects) {
  /** An attempt whose effects are done. */
  public Continuation(ActivityTaskMessage task, SagaHistory history) {
    this(task, history, CompletableFuture.completedFuture(null));
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
