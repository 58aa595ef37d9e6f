package dev.operon.saga.internal.watchdog;

import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaState;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import java.util.List;

/**
 * What the watchdog does to a saga of a deadlocked circle: stop it (WorkflowExecutionCancelRequested),
 * so that it stops and its compensations run. Appended with the expected last id, only to a saga
 * that is live and not already stopping; the saga is woken after.
 */
final class SagaInterventions {
  private final SagaRuntime runtime;
  private final EventFactory events;

  SagaInterventions(SagaRuntime runtime) {
    this.runtime = runtime;
    this.events = runtime.events();
  }

  /** Records WorkflowExecutionCancelRequested with {@code reason}; false if the saga is finished or already stopping. */
  boolean stop(String sagaId, String reason) {
    return appendIfStoppable(sagaId, events.cancelRequested(sagaId, reason));
  }

  private boolean appendIfStoppable(String sagaId, HistoryEvent event) {
    return runtime.appendRetrying(sagaId, "recording " + event.eventType(), () -> {
      SagaHistory h = runtime.histories().load(sagaId);
      if (!h.exists() || h.terminal() || h.timedOut() || h.cancelRequested() || h.state() == SagaState.COMPENSATING) {
        return false;
      }
      runtime.wake(sagaId, runtime.histories().append(h, List.of(event)));
      return true;
    });
  }
}
