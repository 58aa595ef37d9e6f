package dev.operon.saga.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.SagaState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A loaded saga history with the questions replay and the workers ask of it. */
public final class SagaHistory {
  private final String sagaId;
  private final List<HistoryEvent> events;

  public SagaHistory(String sagaId, List<HistoryEvent> events) {
    this.sagaId = sagaId;
    this.events = List.copyOf(events);
  }

  public String sagaId() {
    return sagaId;
  }

  public List<HistoryEvent> events() {
    return events;
  }

  public boolean exists() {
    return !events.isEmpty();
  }

  public long lastEventId() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).eventId();
  }

  /** The WorkflowExecutionStarted event. */
  public HistoryEvent started() {
    return events.get(0);
  }

  public String workflowType() {
    return started().text(Attr.WORKFLOW_TYPE);
  }

  public SagaState state() {
    return SagaStateProjection.of(this).state();
  }

  public boolean terminal() {
    return SagaStateProjection.of(this).terminal();
  }

  /** The commands the workflow code issued, in order: step schedules and timers. */
  List<HistoryEvent> commands() {
    List<HistoryEvent> out = new ArrayList<>();
    for (HistoryEvent e : events) {
      boolean step = e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED && e.text(Attr.COMPENSATION_OF) == null;
      if (step || e.eventType() == EventType.TIMER_CREATED) {
        out.add(e);
      }
    }
    return out;
  }

  Optional<HistoryEvent> first(EventType type, Predicate<HistoryEvent> test) {
    return events.stream().filter(e -> e.eventType() == type && test.test(e)).findFirst();
  }

  Optional<HistoryEvent> last(EventType type) {
    HistoryEvent found = null;
    for (HistoryEvent e : events) {
      if (e.eventType() == type) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  Optional<HistoryEvent> scheduled(String activityId) {
    return first(EventType.ACTIVITY_TASK_SCHEDULED, e -> activityId.equals(e.text(Attr.ACTIVITY_ID)));
  }

  /** The event that finished activity {@code activityId} for good: completed, or failed without retry. */
  Optional<HistoryEvent> outcome(String activityId) {
    return events.stream()
        .filter(e -> activityId.equals(e.text(Attr.ACTIVITY_ID)))
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED
            || (e.eventType() == EventType.ACTIVITY_TASK_FAILED && !e.attributes().path(Attr.WILL_RETRY).asBoolean()))
        .findFirst();
  }

  /** Whether attempt {@code attempt} of {@code activityId} already has a recorded result. */
  boolean attemptRecorded(String activityId, int attempt) {
    return events.stream().anyMatch(e -> activityId.equals(e.text(Attr.ACTIVITY_ID))
        && (e.eventType() == EventType.ACTIVITY_TASK_COMPLETED || e.eventType() == EventType.ACTIVITY_TASK_FAILED)
        && e.attributes().path(Attr.ATTEMPT).asInt() >= attempt);
  }

  Optional<HistoryEvent> timerEvent(EventType type, String timerId) {
    return first(type, e -> timerId.equals(e.text(Attr.TIMER_ID)));
  }

  /** Signals named {@code name}, in the order they arrived. */
  List<HistoryEvent> signals(String name) {
    return events.stream()
        .filter(e -> e.eventType() == EventType.SIGNAL_RECEIVED && name.equals(e.text(Attr.SIGNAL_NAME)))
        .toList();
  }

  public boolean cancelRequested() {
    return last(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED).isPresent();
  }

  /** Timers created and neither fired nor cancelled. */
  List<String> openTimers() {
    return events.stream()
        .filter(e -> e.eventType() == EventType.TIMER_CREATED)
        .map(e -> e.text(Attr.TIMER_ID))
        .filter(id -> timerEvent(EventType.TIMER_FIRED, id).isEmpty()
            && timerEvent(EventType.TIMER_CANCELED, id).isEmpty())
        .toList();
  }

  /** The failure recorded by the first WorkflowExecutionFailed or WorkflowExecutionCanceled event. */
  public Optional<SagaFailure> failure() {
    return events.stream()
        .filter(e -> e.eventType() == EventType.WORKFLOW_EXECUTION_FAILED
            || e.eventType() == EventType.WORKFLOW_EXECUTION_CANCELED
            || e.eventType() == EventType.COMPENSATION_FAILED)
        .map(e -> e.attributes().get(Attr.FAILURE))
        .filter(f -> f != null && !f.isNull())
        .findFirst()
        .map(f -> Json.value(f, SagaFailure.class));
  }

  /** The result of a completed saga, as JSON. */
  public Optional<JsonNode> output() {
    return last(EventType.WORKFLOW_EXECUTION_COMPLETED).map(e -> e.attributes().get(Attr.OUTPUT));
  }

  /** Completed steps that named a compensation, newest first: what a rollback would run. */
  public List<ScheduledStep> compensationPlan() {
    List<ScheduledStep> plan = new ArrayList<>();
    for (HistoryEvent e : commands()) {
      String compensation = e.text(Attr.COMPENSATION);
      String activityId = e.text(Attr.ACTIVITY_ID);
      Optional<HistoryEvent> outcome = activityId == null ? Optional.empty() : outcome(activityId);
      if (compensation != null && outcome.isPresent()
          && outcome.get().eventType() == EventType.ACTIVITY_TASK_COMPLETED) {
        JsonNode output = outcome.get().attributes().get(Attr.OUTPUT);
        plan.add(0, new ScheduledStep("c" + activityId, compensation, output, null, activityId));
      }
    }
    return plan;
  }

  /** The plan recorded when compensation started. */
  List<ScheduledStep> recordedPlan() {
    return last(EventType.COMPENSATION_STARTED)
        .map(e -> List.of(Json.value(e.attributes().get(Attr.PLAN), ScheduledStep[].class)))
        .orElse(List.of());
  }

  /** The attempt that comes after the last recorded failed attempt of {@code activityId}. */
  int nextAttempt(String activityId) {
    return 1 + events.stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED && activityId.equals(e.text(Attr.ACTIVITY_ID)))
        .mapToInt(e -> e.attributes().path(Attr.ATTEMPT).asInt())
        .max().orElse(0);
  }

  /** Activities scheduled and not finished for good. */
  public List<String> pendingActivities() {
    return events.stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.text(Attr.ACTIVITY_ID))
        .filter(id -> outcome(id).isEmpty())
        .toList();
  }
}
