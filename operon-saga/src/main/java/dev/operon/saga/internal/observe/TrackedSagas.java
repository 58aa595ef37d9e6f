package dev.operon.saga.internal.observe;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaOperations;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.OperationTracker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every saga as a tracked operation, written in the transaction of the append that records it (so
 * a saga and its tracked operation never disagree where the tracker's store is the engine's
 * database): the saga is operation {@code Saga.<WorkflowType>} under the saga's id, each step an
 * operation {@code Activity.<ActivityType>} under {@code <sagaId>/<stepId>}, child of the saga,
 * started when the step is scheduled (so a step that no worker takes is seen stalling too), given
 * progress when an attempt fails and is retried, and ended with the step's outcome. The saga's
 * operation ends with the saga, and with it every step still open. All are correlated by the
 * saga's correlation id.
 */
public final class TrackedSagas implements SagaObserver {
  private static final String SAGA_PREFIX = SagaOperations.SAGA_PREFIX;
  private static final String STEP_PREFIX = SagaOperations.STEP_PREFIX;
  private static final Logger LOG = LoggerFactory.getLogger(TrackedSagas.class);

  private final OperationTracker tracker;

  public TrackedSagas(OperationTracker tracker) {
    this.tracker = tracker;
  }

  /** The id of the tracked operation of step {@code activityId} of saga {@code sagaId}. */
  public static String stepOperationId(String sagaId, String activityId) {
    return SagaOperations.stepOperationId(sagaId, activityId);
  }

  @Override
  public void written(SagaHistory before, List<HistoryEvent> added) {
    SagaHistory after = null;
    for (HistoryEvent event : added) {
      String sagaId = event.sagaId();
      switch (event.eventType()) {
        case WORKFLOW_EXECUTION_STARTED -> started(event);
        case ACTIVITY_TASK_SCHEDULED -> {
          String correlation = correlation(before, added);
          quietly(() -> tracker.startAs(stepOperationId(sagaId, event.text(Attr.ACTIVITY_ID)),
              name(STEP_PREFIX, event.text(Attr.ACTIVITY_TYPE)), correlation, sagaId,
              Map.of("saga", sagaId, "step", event.text(Attr.ACTIVITY_ID))));
        }
        case ACTIVITY_TASK_COMPLETED -> finish(stepOperationId(sagaId, event.text(Attr.ACTIVITY_ID)),
            OperationStatus.SUCCEEDED, "completed on attempt " + event.text(Attr.ATTEMPT));
        case ACTIVITY_TASK_FAILED, ACTIVITY_TASK_TIMED_OUT -> {
          String step = stepOperationId(sagaId, event.text(Attr.ACTIVITY_ID));
          String why = failure(event);
          if (event.attributes().path(Attr.WILL_RETRY).asBoolean(false)) {
            quietly(() -> tracker.updateProgress(step, null, "attempt " + event.text(Attr.ATTEMPT) + " failed, retrying: "
                + why));
          } else {
            finish(step, OperationStatus.FAILED, why);
          }
        }
        case ACTIVITY_TASK_CANCELED -> finish(stepOperationId(sagaId, event.text(Attr.ACTIVITY_ID)),
            OperationStatus.CANCELED, "canceled");
        case WORKFLOW_EXECUTION_COMPLETED, WORKFLOW_EXECUTION_CONTINUED_AS_NEW, WORKFLOW_EXECUTION_FAILED,
            WORKFLOW_EXECUTION_TIMED_OUT, WORKFLOW_EXECUTION_CANCELED, WORKFLOW_EXECUTION_TERMINATED -> {
          after = after != null ? after : before.plus(added);
          ended(after, event);
        }
        default -> { }
      }
    }
  }

  private void started(HistoryEvent event) {
    String sagaId = event.sagaId();
    String type = event.text(Attr.WORKFLOW_TYPE);
    String correlation = event.text(Attr.CORRELATION_ID);
    String parent = event.text(Attr.PARENT_SAGA_ID);
    Map<String, String> tags = new HashMap<>();
    tags.put("workflow", type);
    if (event.text(Attr.BUSINESS_ID) != null) {
      tags.put("business_id", event.text(Attr.BUSINESS_ID));
    }
    String name = name(SAGA_PREFIX, type);
    String correlationId = correlation != null ? correlation : SagaContexts.correlationOf(sagaId);
    try {
      tracker.startAs(sagaId, name, correlationId, parent, tags);
    } catch (OperonException e) {
      if (e.kind() != ErrorKind.VALIDATION) {
        throw e;
      }
      // a parent saga started before tracking was on has no operation: track the child alone
      quietly(() -> tracker.startAs(sagaId, name, correlationId, null, tags));
    }
  }

  private void ended(SagaHistory after, HistoryEvent end) {
    for (HistoryEvent scheduled : after.events()) {
      if (scheduled.eventType() == EventType.ACTIVITY_TASK_SCHEDULED
          && after.outcome(scheduled.text(Attr.ACTIVITY_ID)).isEmpty()) {
        finish(stepOperationId(after.sagaId(), scheduled.text(Attr.ACTIVITY_ID)), OperationStatus.CANCELED,
            "the saga ended (" + end.eventType().typeName() + ") before this step did");
      }
    }
    OperationStatus status = switch (end.eventType()) {
      case WORKFLOW_EXECUTION_COMPLETED, WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> OperationStatus.SUCCEEDED;
      case WORKFLOW_EXECUTION_CANCELED, WORKFLOW_EXECUTION_TERMINATED -> OperationStatus.CANCELED;
      default -> OperationStatus.FAILED;
    };
    String message = status == OperationStatus.FAILED ? failure(end) : end.eventType().typeName();
    finish(after.sagaId(), status, message);
  }

  private void finish(String id, OperationStatus status, String message) {
    quietly(() -> tracker.complete(id, status, message));
  }

  private static String failure(HistoryEvent event) {
    var failure = event.attributes().path(Attr.FAILURE);
    String message = failure.path("message").asText(null);
    return message != null ? message : event.eventType().typeName();
  }

  private static String correlation(SagaHistory before, List<HistoryEvent> added) {
    HistoryEvent started = before.exists() ? before.started() : added.get(0);
    String correlation = started.text(Attr.CORRELATION_ID);
    return correlation != null ? correlation : SagaContexts.correlationOf(started.sagaId());
  }

  /** {@code prefix} and {@code type} as an operation name: characters a name cannot hold become '_'. */
  static String name(String prefix, String type) {
    String cleaned = type == null ? "unknown" : type.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("\\.+", ".")
        .replaceAll("^[._-]+|[.]+$", "");
    return prefix + (cleaned.isEmpty() ? "unknown" : cleaned);
  }

  /**
   * Runs a tracker call whose refusal must not stop the saga: an operation of work tracked before
   * tracking was on is unknown, an id too long for the tracker; anything else (the database)
   * fails the append, which is retried.
   */
  private static void quietly(Runnable call) {
    try {
      call.run();
    } catch (OperonException e) {
      if (e.kind() != ErrorKind.VALIDATION) {
        throw e;
      }
      LOG.debug("Tracking refused a saga's operation: {}", e.getMessage());
    }
  }
}
