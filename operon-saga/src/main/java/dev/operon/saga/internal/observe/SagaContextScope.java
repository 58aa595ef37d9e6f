package dev.operon.saga.internal.observe;

import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.tracking.CorrelationContext;

/** Makes a saga's context the thread's ambient one while the engine works for the saga. */
public final class SagaContextScope {
  private SagaContextScope() {}

  /** Activates the context of the saga of {@code history} (nothing for a history not started). */
  public static CorrelationContext.Scope of(SagaHistory history) {
    return history.exists() ? SagaContexts.of(history).activate() : () -> { };
  }
}
