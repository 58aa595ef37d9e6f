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
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.TrackingChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every saga as a tracked operation, written in the transaction of the append that records it (so
 * a saga and its tracked operation never disagree where the tracker's store is the engine's
 * database), in one statement per append: the saga is operation {@code Saga.<WorkflowType>} under
 * the saga's id, each step an operation {@code Activity.<ActivityType>} under
 * {@code <sagaId>/<stepId>}, child of the saga, started when the step is scheduled (so a step that
 * no worker takes is seen stalling too), given progress when an attempt fails and is retried, and
 * ended with the step's outcome. The saga's operation ends when the saga's state is final (a
 * failure followed by compensations is not the end): SUCCEEDED when it completed, CANCELED when it
 * was rolled back or canceled (naming the failure that rolled it back), FAILED otherwise; every step
 * still open ends with it. All are correlated by the saga's correlation id.
 */
public final class TrackedSagas implements SagaObserver {
  private static final Logger LOG = LoggerFactory.getLogger(TrackedSagas.class);

  private final OperationTracker tracker;
  private final boolean steps;

  /** Tracks sagas with {@code tracker}, and their steps if {@code steps}. */
  public TrackedSagas(OperationTracker tracker, boolean steps) {
    this.tracker = tracker;
    this.steps = steps;
  }

  /** The id of the tracked operation of step {@code activityId} of saga {@code sagaId}. */
  public static String stepOperationId(String sagaId, String activityId) {
    return SagaOperations.stepOperationId(sagaId, activityId);
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void written(SagaHistory before, List<HistoryEvent> added) {
    Changes changes = new Changes(before, added, steps);
    HistoryEvent ending = null;
    for (HistoryEvent event : added) {
      switch (event.eventType()) {
        case WORKFLOW_EXECUTION_STARTED -> changes.sagaStarted(event);
        case ACTIVITY_TASK_SCHEDULED -> changes.add(TrackingChange.Type.START, stepOperationId(event.sagaId(),
            event.text(Attr.ACTIVITY_ID)), name(SagaOperations.STEP_PREFIX, event.text(Attr.ACTIVITY_TYPE)),
            OperationStatus.RUNNING, null, event.sagaId(),
            Map.of("saga", event.sagaId(), "step", event.text(Attr.ACTIVITY_ID)));
        case ACTIVITY_TASK_COMPLETED -> changes.step(event, OperationStatus.SUCCEEDED,
            "completed on attempt " + event.text(Attr.ATTEMPT));
        case ACTIVITY_TASK_FAILED, ACTIVITY_TASK_TIMED_OUT -> {
          if (event.attributes().path(Attr.WILL_RETRY).asBoolean(false)) {
            changes.step(event, OperationStatus.RUNNING, "attempt " + event.text(Attr.ATTEMPT)
                + " failed, retrying: " + failure(event));
          } else {
            changes.step(event, OperationStatus.FAILED, failure(event));
          }
        }
        case ACTIVITY_TASK_CANCELED -> changes.step(event, OperationStatus.CANCELED, "canceled");
        case WORKFLOW_EXECUTION_COMPLETED, WORKFLOW_EXECUTION_CONTINUED_AS_NEW, WORKFLOW_EXECUTION_FAILED,
            WORKFLOW_EXECUTION_TIMED_OUT, WORKFLOW_EXECUTION_CANCELED, WORKFLOW_EXECUTION_TERMINATED,
            COMPENSATION_FAILED -> ending = event;
        default -> { }
      }
    }
    // a failure is not the end while compensations follow it: the saga ends when its state is final
    if (ending != null && !before.terminal()) {
      SagaHistory after = before.plus(added);
      if (after.terminal()) {
        changes.sagaEnded(after, ending);
      }
    }
    if (changes.list.isEmpty()) {
      return;
    }
    try {
      tracker.recordAll(changes.list);
    } catch (OperonException e) {
      if (e.kind() != ErrorKind.VALIDATION) {
        throw e;
      }
      // a name or id tracking refuses (a business id too long for an operation id): the saga goes on
      LOG.debug("Tracking refused the operations of saga {}: {}", before.sagaId(), e.getMessage());
    }
  }

  /** The tracking changes of one append. */
  private static final class Changes {
    final List<TrackingChange> list = new ArrayList<>();
    final String correlation;
    final String workflowType;
    private final SagaHistory before;
    private final List<HistoryEvent> added;
    private final boolean steps;

    Changes(SagaHistory before, List<HistoryEvent> added, boolean steps) {
      this.before = before;
      this.added = added;
      this.steps = steps;
      HistoryEvent started = before.exists() ? before.started() : added.get(0);
      String recorded = started.text(Attr.CORRELATION_ID);
      this.correlation = recorded != null ? recorded : SagaContexts.correlationOf(started.sagaId());
      this.workflowType = started.text(Attr.WORKFLOW_TYPE);
    }

    void add(TrackingChange.Type type, String id, String name, OperationStatus status, String message,
        String parent, Map<String, String> tags) {
      if (!steps && name.startsWith(SagaOperations.STEP_PREFIX)) {
        return;
      }
      Instant stamped = Instant.EPOCH; // the tracker sets the times itself
      list.add(new TrackingChange(type, new TrackedOperation(id, name, status, stamped, stamped, null, null,
          message, correlation, parent, tags, 1)));
    }

    void sagaStarted(HistoryEvent event) {
      Map<String, String> tags = new HashMap<>();
      tags.put("workflow", workflowType);
      if (event.text(Attr.BUSINESS_ID) != null) {
        tags.put("business_id", event.text(Attr.BUSINESS_ID));
      }
      add(TrackingChange.Type.START, event.sagaId(), name(SagaOperations.SAGA_PREFIX, workflowType),
          OperationStatus.RUNNING, null, event.text(Attr.PARENT_SAGA_ID), tags);
    }

    void step(HistoryEvent event, OperationStatus status, String message) {
      String activityId = event.text(Attr.ACTIVITY_ID);
      add(status == OperationStatus.RUNNING ? TrackingChange.Type.PROGRESS : TrackingChange.Type.END,
          stepOperationId(event.sagaId(), activityId), name(SagaOperations.STEP_PREFIX, activityType(activityId)),
          status, message, event.sagaId(), Map.of("saga", event.sagaId(), "step", activityId));
    }

    /** The type of step {@code activityId}, as scheduled before this append or in it. */
    private String activityType(String activityId) {
      return before.scheduled(activityId).or(() -> added.stream()
              .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
              .filter(e -> activityId.equals(e.text(Attr.ACTIVITY_ID))).findFirst())
          .map(e -> e.text(Attr.ACTIVITY_TYPE)).orElse(null);
    }

    void sagaEnded(SagaHistory after, HistoryEvent end) {
      for (HistoryEvent scheduled : steps ? after.events() : List.<HistoryEvent>of()) {
        String activityId = scheduled.text(Attr.ACTIVITY_ID);
        if (scheduled.eventType() == EventType.ACTIVITY_TASK_SCHEDULED && after.outcome(activityId).isEmpty()
            && list.stream().noneMatch(c -> c.type() == TrackingChange.Type.END
                && c.operation().id().equals(stepOperationId(after.sagaId(), activityId)))) {
          add(TrackingChange.Type.END, stepOperationId(after.sagaId(), activityId),
              name(SagaOperations.STEP_PREFIX, scheduled.text(Attr.ACTIVITY_TYPE)), OperationStatus.CANCELED,
              "the saga ended (" + end.eventType().typeName() + ") before this step did", after.sagaId(),
              Map.of("saga", after.sagaId(), "step", activityId));
        }
      }
      OperationStatus status = switch (after.state()) {
        case COMPLETED -> OperationStatus.SUCCEEDED;
        case CANCELLED -> OperationStatus.CANCELED;
        default -> OperationStatus.FAILED;
      };
      String message = switch (status) {
        case FAILED -> failure(end);
        case CANCELED -> after.last(EventType.WORKFLOW_EXECUTION_FAILED)
            .map(failed -> "rolled back after: " + failure(failed)).orElse(end.eventType().typeName());
        default -> end.eventType().typeName();
      };
      add(TrackingChange.Type.END, after.sagaId(), name(SagaOperations.SAGA_PREFIX, workflowType), status, message,
          null, Map.of("workflow", workflowType));
    }
  }

  private static String failure(HistoryEvent event) {
    String message = event.attributes().path(Attr.FAILURE).path("message").asText(null);
    return message != null ? message : event.eventType().typeName();
  }

  /** {@code prefix} and {@code type} as an operation name: characters a name cannot hold become '_'. */
  static String name(String prefix, String type) {
    String cleaned = type == null ? "unknown" : type.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("\\.+", ".")
        .replaceAll("^[._-]+|[.]+$", "");
    return prefix + (cleaned.isEmpty() ? "unknown" : cleaned);
  }
}
