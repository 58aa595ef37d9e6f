package dev.operon.saga.internal.history;

import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The child sagas a history started, by the parent's step id: initiated, started, finished. */
public final class ChildRecords {
  private final Map<String, HistoryEvent> initiated = new LinkedHashMap<>();
  private final Map<String, HistoryEvent> started = new HashMap<>();
  private final Map<String, HistoryEvent> outcomes = new HashMap<>();

  private ChildRecords(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      String id = e.text(Attr.ACTIVITY_ID);
      switch (e.eventType()) {
        case START_CHILD_WORKFLOW_INITIATED -> initiated.putIfAbsent(id, e);
        case CHILD_WORKFLOW_STARTED -> started.putIfAbsent(id, e);
        case CHILD_WORKFLOW_COMPLETED, CHILD_WORKFLOW_FAILED, CHILD_WORKFLOW_CANCELED, CHILD_WORKFLOW_TIMED_OUT,
            CHILD_WORKFLOW_TERMINATED, START_CHILD_WORKFLOW_FAILED -> outcomes.putIfAbsent(id, e);
        default -> { }
      }
    }
  }

  /** The child records of {@code history} (indexed once per loaded history). */
  public static ChildRecords of(SagaHistory history) {
    return history.children();
  }

  static ChildRecords index(List<HistoryEvent> events) {
    return new ChildRecords(events);
  }

  public Optional<HistoryEvent> initiated(String activityId) {
    return Optional.ofNullable(initiated.get(activityId));
  }

  public boolean started(String activityId) {
    return started.containsKey(activityId);
  }

  /** The event that ended child {@code activityId}: ChildWorkflowCompleted, ...Failed, StartChildWorkflowFailed, etc. */
  public Optional<HistoryEvent> outcome(String activityId) {
    return Optional.ofNullable(outcomes.get(activityId));
  }

  /** StartChildWorkflowInitiated events of children without a recorded outcome, oldest first. */
  public List<HistoryEvent> unfinished() {
    return initiated.values().stream().filter(e -> !outcomes.containsKey(e.text(Attr.ACTIVITY_ID))).toList();
  }

  /** Whether {@code type} is a child-workflow event that ends a child. */
  static boolean isOutcome(EventType type) {
    return switch (type) {
      case CHILD_WORKFLOW_COMPLETED, CHILD_WORKFLOW_FAILED, CHILD_WORKFLOW_CANCELED, CHILD_WORKFLOW_TIMED_OUT,
          CHILD_WORKFLOW_TERMINATED, START_CHILD_WORKFLOW_FAILED -> true;
      default -> false;
    };
  }
}
