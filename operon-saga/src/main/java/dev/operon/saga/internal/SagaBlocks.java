package dev.operon.saga.internal;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.ActivityRegistry;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaBlock;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What blocks a saga, and its record. A workflow task that finds non-determinism (REPLAY) or a
 * decision that schedules an activity not registered on its engine cannot move the saga, and no
 * retry of the same task on the same code will: the saga is parked, visibly, with a
 * WorkflowTaskFailed event (see {@link SagaBlock}), instead of its task being retried for ever or
 * dead-lettered. The next workflow task that decides records WorkflowTaskCompleted with its
 * decision, which lifts the block.
 */
public final class SagaBlocks {
  private static final Logger LOG = LoggerFactory.getLogger(SagaBlocks.class);
  /** The id an error carries when a decision schedules an activity type not registered here. */
  public static final String ACTIVITY_TYPE_ID = "activity_type";

  private final SagaRuntime runtime;
  private final EventFactory events;

  public SagaBlocks(SagaRuntime runtime) {
    this.runtime = runtime;
    this.events = runtime.events();
  }

  /** Whether {@code error} of a workflow task blocks its saga (no retry of the task can help). */
  public static boolean blocks(Throwable error) {
    return error instanceof OperonException o
        && (o.kind() == ErrorKind.REPLAY || o.id(ACTIVITY_TYPE_ID).isPresent());
  }

  /**
   * Throws CONFIGURATION, naming the saga, the step and the type, if {@code decided} (events a
   * decision is about to append) schedules an activity whose type {@code activities} lacks.
   */
  public static void requireRegistered(String sagaId, List<HistoryEvent> decided, ActivityRegistry activities) {
    for (HistoryEvent e : decided) {
      String type = e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED ? e.text(Attr.ACTIVITY_TYPE) : null;
      if (type != null && !activities.has(type)) {
        throw OperonException.of(ErrorKind.CONFIGURATION, "Saga " + sagaId + " schedules activity '" + type
                + "' (step " + e.text(Attr.ACTIVITY_ID) + "), which is not registered on this engine: register it"
                + " with SagaEngineBuilder.activities(...) on the engines that run this workflow")
            .id(OperonException.Ids.SAGA, sagaId).id(ACTIVITY_TYPE_ID, type).retryable(false).build();
      }
    }
  }

  /**
   * Records that {@code error} blocks saga {@code sagaId}, unless the saga has finished or the same
   * block is recorded already (a saga woken again on the same code does not grow its history).
   * Returns whether it appended. A saga that moved meanwhile is woken again instead.
   */
  public boolean record(String sagaId, OperonException error) {
    SagaFailure failure = SagaFailure.of(error);
    // a saga that moved meanwhile is looked at again (the new event may need no decision that fails)
    return runtime.appendRetrying(sagaId, "recording that it is blocked", () -> {
      SagaHistory history = runtime.histories().load(sagaId);
      if (!history.exists() || history.terminal()) {
        return false;
      }
      Optional<SagaBlock> current = history.blocked();
      if (current.isPresent() && current.get().kind() == failure.kind()
          && current.get().message().equals(failure.message())) {
        LOG.debug("Saga {} is still blocked: {}", sagaId, failure.message());
        return false;
      }
      runtime.histories().append(history, List.of(events.workflowTaskFailed(sagaId, failure)));
      LOG.error("Saga {} ({}) is blocked; it stays as it is until code that can decide it runs: {}", sagaId,
          history.workflowType(), failure.message());
      return true;
    });
  }
}
