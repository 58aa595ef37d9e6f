package dev.operon.saga.internal.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.saga.CompensationFailurePolicy;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.SagaState;
import dev.operon.saga.SagaTransition;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.visibility.SearchAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded saga history, indexed once when loaded so that replay asks each question in constant
 * time: step schedules and outcomes, timers, signals, the state.
 */
public final class SagaHistory {
  private final String sagaId;
  private final List<HistoryEvent> events;
  private final List<HistoryEvent> commands = new ArrayList<>();
  private final Map<String, HistoryEvent> scheduled = new LinkedHashMap<>();
  private final Map<String, HistoryEvent> outcomes = new HashMap<>();
  private final Map<String, Integer> lastRecordedAttempt = new HashMap<>();
  private final Map<String, Integer> lastFailedAttempt = new HashMap<>();
  private final Map<String, Integer> lostAttempts = new HashMap<>();
  private final Map<String, Map<EventType, HistoryEvent>> timers = new LinkedHashMap<>();
  private final Map<String, List<HistoryEvent>> signals = new HashMap<>();
  private final Set<Long> rejectedSignals = new HashSet<>();
  private final Map<EventType, HistoryEvent> lastOfType = new EnumMap<>(EventType.class);
  private final List<HistoryEvent> compensationStarts = new ArrayList<>();
  private HistoryEvent firstFailure;
  private long firstStopRequestId = Long.MAX_VALUE;
  private HistoryEvent lastWorkflowTask;
  private SagaStateProjection projection;
  private ChildRecords children;

  public SagaHistory(String sagaId, List<HistoryEvent> events) {
    this.sagaId = sagaId;
    this.events = List.copyOf(events);
    this.events.forEach(this::index);
  }

  /**
   * {@code base} with the events of {@code all} after its own (already numbered): its indexes
   * copied and extended by those events alone, rather than built again from the first event.
   */
  private SagaHistory(SagaHistory base, List<HistoryEvent> all) {
    this.sagaId = base.sagaId;
    this.events = java.util.Collections.unmodifiableList(all);
    commands.addAll(base.commands);
    scheduled.putAll(base.scheduled);
    outcomes.putAll(base.outcomes);
    lastRecordedAttempt.putAll(base.lastRecordedAttempt);
    lastFailedAttempt.putAll(base.lastFailedAttempt);
    lostAttempts.putAll(base.lostAttempts);
    base.timers.forEach((id, byType) -> timers.put(id, new EnumMap<>(byType)));
    base.signals.forEach((name, received) -> signals.put(name, new ArrayList<>(received)));
    rejectedSignals.addAll(base.rejectedSignals);
    lastOfType.putAll(base.lastOfType);
    compensationStarts.addAll(base.compensationStarts);
    firstFailure = base.firstFailure;
    firstStopRequestId = base.firstStopRequestId;
    lastWorkflowTask = base.lastWorkflowTask;
    for (int i = base.events.size(); i < all.size(); i++) {
      index(all.get(i));
    }
  }

  private void index(HistoryEvent e) {
    lastOfType.put(e.eventType(), e);
    switch (e.eventType()) {
      case ACTIVITY_TASK_SCHEDULED -> {
        scheduled.putIfAbsent(e.text(Attr.ACTIVITY_ID), e);
        if (e.text(Attr.COMPENSATION_OF) == null) {
          commands.add(e);
        }
      }
      case ACTIVITY_TASK_COMPLETED, ACTIVITY_TASK_FAILED -> indexResult(e);
      case MARKER_RECORDED, SIDE_EFFECT_RECORDED, SEARCH_ATTRIBUTES_UPSERTED -> commands.add(e);
      case LOCAL_ACTIVITY_COMPLETED, LOCAL_ACTIVITY_FAILED, START_CHILD_WORKFLOW_INITIATED -> commands.add(e);
      case TIMER_CREATED -> {
        commands.add(e);
        timers.computeIfAbsent(e.text(Attr.TIMER_ID), id -> new EnumMap<>(EventType.class)).putIfAbsent(e.eventType(), e);
      }
      case TIMER_FIRED, TIMER_CANCELED ->
          timers.computeIfAbsent(e.text(Attr.TIMER_ID), id -> new EnumMap<>(EventType.class)).putIfAbsent(e.eventType(), e);
      case SIGNAL_RECEIVED -> signals.computeIfAbsent(e.text(Attr.SIGNAL_NAME), n -> new ArrayList<>()).add(e);
      case WORKFLOW_TASK_FAILED, WORKFLOW_TASK_COMPLETED -> lastWorkflowTask = e;
      case WORKFLOW_EXECUTION_CANCEL_REQUESTED, WORKFLOW_EXECUTION_TIMED_OUT ->
          firstStopRequestId = Math.min(firstStopRequestId, e.eventId());
      case COMPENSATION_STARTED -> compensationStarts.add(e);
      case SIGNAL_REJECTED -> rejectedSignals.add(e.attributes().path(Attr.SIGNAL_EVENT_ID).asLong());
      case WORKFLOW_EXECUTION_FAILED, WORKFLOW_EXECUTION_CANCELED, COMPENSATION_FAILED, WORKFLOW_EXECUTION_TERMINATED -> {
        JsonNode failure = e.attributes().get(Attr.FAILURE);
        if (firstFailure == null && failure != null && !failure.isNull()) {
          firstFailure = e;
        }
      }
      default -> { }
    }
  }

  private void indexResult(HistoryEvent e) {
    String activityId = e.text(Attr.ACTIVITY_ID);
    int attempt = e.attributes().path(Attr.ATTEMPT).asInt();
    lastRecordedAttempt.merge(activityId, attempt, Math::max);
    boolean retrying = e.eventType() == EventType.ACTIVITY_TASK_FAILED && e.attributes().path(Attr.WILL_RETRY).asBoolean();
    if (e.eventType() == EventType.ACTIVITY_TASK_FAILED) {
      lastFailedAttempt.merge(activityId, attempt, Math::max);
      if (e.attributes().path(Attr.WORKER_LOST).asBoolean()) {
        lostAttempts.merge(activityId, 1, Integer::sum);
      }
    }
    if (!retrying) {
      outcomes.putIfAbsent(activityId, e);
    }
  }

  /**
   * This history with {@code more} after its last event, numbered from the next id on, as an
   * append of them would store them.
   */
  public SagaHistory plus(List<HistoryEvent> more) {
    List<HistoryEvent> all = new ArrayList<>(events.size() + more.size());
    all.addAll(events);
    long id = lastEventId();
    for (HistoryEvent event : more) {
      all.add(java.util.Objects.requireNonNull(event, "event").withEventId(++id));
    }
    SagaHistory next = new SagaHistory(this, all);
    if (projection != null) {
      // go on from this history's state rather than fold every event again; a move the state table
      // refuses is left to the fold, which reports it where the state is asked for
      try {
        SagaStateProjection p = projection.copy();
        next.events.subList(events.size(), next.events.size()).forEach(p::apply);
        next.projection = p;
      } catch (RuntimeException e) {
        next.projection = null;
      }
    }
    return next;
  }

  /** The saga this history belongs to. */
  public String sagaId() {
    return sagaId;
  }

  /** Every event, oldest first. */
  public List<HistoryEvent> events() {
    return events;
  }

  /** Whether the saga was started (its history is not empty). */
  public boolean exists() {
    return !events.isEmpty();
  }

  /** The id of the last event, 0 for an empty history. */
  public long lastEventId() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).eventId();
  }

  /** The WorkflowExecutionStarted event. */
  public HistoryEvent started() {
    return events.get(0);
  }

  /** The workflow type the saga was started with. */
  public String workflowType() {
    return started().text(Attr.WORKFLOW_TYPE);
  }

  /** The state the history leads to through the saga state table. */
  public SagaState state() {
    return projection().state();
  }

  /** Whether the saga has finished (one whose rollback failed, until its compensations are retried). */
  public boolean terminal() {
    return projection().terminal();
  }

  /** The rows of the saga state table this history went through, in order. */
  public List<SagaTransition> transitions() {
    return projection().path();
  }

  private SagaStateProjection projection() {
    if (projection == null) {
      projection = SagaStateProjection.of(this);
    }
    return projection;
  }

  /** The commands the workflow code issued, in order: step schedules, timers and markers. */
  public List<HistoryEvent> commands() {
    return commands;
  }

  public Optional<HistoryEvent> last(EventType type) {
    return Optional.ofNullable(lastOfType.get(type));
  }

  public Optional<HistoryEvent> scheduled(String activityId) {
    return Optional.ofNullable(scheduled.get(activityId));
  }

  /** The event that finished activity {@code activityId} for good: completed, or failed without retry. */
  public Optional<HistoryEvent> outcome(String activityId) {
    return Optional.ofNullable(outcomes.get(activityId));
  }

  /** How many attempts of {@code activityId} have a recorded result. */
  int recordedAttempts(String activityId) {
    return lastRecordedAttempt.getOrDefault(activityId, 0);
  }

  /** Whether attempt {@code attempt} of {@code activityId} (or a later one) already has a recorded result. */
  public boolean attemptRecorded(String activityId, int attempt) {
    return lastRecordedAttempt.getOrDefault(activityId, 0) >= attempt;
  }

  /** The attempt that comes after the last recorded failed attempt of {@code activityId}. */
  public int nextAttempt(String activityId) {
    return 1 + lastFailedAttempt.getOrDefault(activityId, 0);
  }

  /**
   * How many attempts of {@code activityId} were recorded as failed because their worker was lost
   * (it died, or stopped renewing the attempt's lease): they do not count against the retry policy.
   */
  public int lostAttempts(String activityId) {
    return lostAttempts.getOrDefault(activityId, 0);
  }

  public Optional<HistoryEvent> timerEvent(EventType type, String timerId) {
    return Optional.ofNullable(timers.getOrDefault(timerId, Map.of()).get(type));
  }

  /** Signals named {@code name}, in the order they arrived (rejected ones too). */
  public List<HistoryEvent> signals(String name) {
    return signals.getOrDefault(name, List.of());
  }

  /** Whether the signal recorded as event {@code eventId} was rejected (SignalRejected): no wait takes it. */
  public boolean signalRejected(long eventId) {
    return rejectedSignals.contains(eventId);
  }

  /**
   * The class name of the payload the saga waits for in signal {@code name}, if it waits for it
   * now (an open awaitSignal timer, whose TimerCreated records the type: older engines did not)
   * and no signal of that name that arrived since the wait began is still to be looked at: the
   * next signal {@code name} is the one that wait takes.
   */
  public Optional<String> awaitedSignalType(String name) {
    for (String timerId : openTimers()) {
      HistoryEvent created = timers.get(timerId).get(EventType.TIMER_CREATED);
      if (Attr.PURPOSE_SIGNAL.equals(created.text(Attr.PURPOSE)) && name.equals(created.text(Attr.SIGNAL_NAME))) {
        boolean pending = signals(name).stream()
            .anyMatch(s -> s.eventId() > created.eventId() && !signalRejected(s.eventId()));
        return pending ? Optional.empty() : Optional.ofNullable(created.text(Attr.SIGNAL_TYPE));
      }
    }
    return Optional.empty();
  }

  /** Whether someone asked the saga to stop. */
  public boolean cancelRequested() {
    return lastOfType.containsKey(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  /**
   * Whether a stop (a cancel request, or the workflow timeout) was recorded before event
   * {@code eventId}: a workflow task run between the two would have seen the stop first.
   */
  public boolean stopRequestedBefore(long eventId) {
    return firstStopRequestId < eventId;
  }

  /** Whether the workflow timeout fired (recorded as WorkflowExecutionTimedOut: a stop request). */
  public boolean timedOut() {
    return lastOfType.containsKey(EventType.WORKFLOW_EXECUTION_TIMED_OUT);
  }

  /** When the workflow times out, if it has a timeout. */
  public Optional<Instant> timeoutAt() {
    return Optional.ofNullable(started().text(Attr.TIMEOUT_AT)).map(Instant::parse);
  }

  /** The id of saga {@code sagaId}'s workflow timeout timer. */
  public static String workflowTimerId(String sagaId) {
    return sagaId + "/workflow-timeout";
  }

  /** Timers created and neither fired nor cancelled. */
  public List<String> openTimers() {
    return timers.entrySet().stream()
        .filter(t -> t.getValue().containsKey(EventType.TIMER_CREATED)
            && !t.getValue().containsKey(EventType.TIMER_FIRED)
            && !t.getValue().containsKey(EventType.TIMER_CANCELED))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The failure recorded first by WorkflowExecutionFailed, WorkflowExecutionCanceled or CompensationFailed. */
  public Optional<SagaFailure> failure() {
    return Optional.ofNullable(firstFailure)
        .map(e -> Json.value(e.attributes().get(Attr.FAILURE), SagaFailure.class));
  }

  /** The result of a completed saga, as JSON. */
  public Optional<JsonNode> output() {
    return last(EventType.WORKFLOW_EXECUTION_COMPLETED).map(e -> e.attributes().get(Attr.OUTPUT));
  }

  /** Completed steps that named a compensation, newest first: what a rollback would run. */
  public List<ScheduledStep> compensationPlan() {
    List<ScheduledStep> plan = new ArrayList<>();
    for (HistoryEvent e : commands) {
      String compensation = e.text(Attr.COMPENSATION);
      String activityId = e.text(Attr.ACTIVITY_ID);
      HistoryEvent outcome = e.eventType() == EventType.LOCAL_ACTIVITY_COMPLETED ? e
          : activityId == null ? null : outcomes.get(activityId);
      if (compensation != null && outcome != null && (outcome.eventType() == EventType.ACTIVITY_TASK_COMPLETED
          || outcome.eventType() == EventType.LOCAL_ACTIVITY_COMPLETED)) {
        JsonNode output = outcome.attributes().get(Attr.OUTPUT);
        plan.add(0, new ScheduledStep("c" + activityId, compensation, output, null, activityId));
      }
    }
    return plan;
  }

  /** The plan recorded when compensation started, or started again (the newest one). */
  public List<ScheduledStep> recordedPlan() {
    return last(EventType.COMPENSATION_STARTED).map(SagaHistory::planOf).orElse(List.of());
  }

  /**
   * What to do when a compensation of the current rollback fails for good, as its
   * CompensationStarted recorded it ({@link CompensationFailurePolicy#STOP} if it recorded none).
   */
  public CompensationFailurePolicy compensationFailurePolicy() {
    return last(EventType.COMPENSATION_STARTED).map(e -> e.text(Attr.COMPENSATION_FAILURE))
        .map(CompensationFailurePolicy::valueOf).orElse(CompensationFailurePolicy.STOP);
  }

  /** The CompensationStarted events, oldest first: the rollback, then each retry of it. */
  public List<HistoryEvent> compensationStarts() {
    return compensationStarts;
  }

  /** The plan a CompensationStarted event records. */
  static List<ScheduledStep> planOf(HistoryEvent compensationStarted) {
    return List.of(Json.value(compensationStarted.attributes().get(Attr.PLAN), ScheduledStep[].class));
  }

  /**
   * Whether the saga's rollback failed: it ended Failed with CompensationFailed, and no retry of its
   * compensations has started since.
   */
  public boolean compensationFailed() {
    return state() == SagaState.FAILED && last(EventType.COMPENSATION_FAILED)
        .filter(f -> f.eventId() > last(EventType.COMPENSATION_STARTED).map(HistoryEvent::eventId).orElse(0L))
        .isPresent();
  }

  /** The child sagas this history started. */
  public ChildRecords children() {
    if (children == null) {
      children = ChildRecords.index(events);
    }
    return children;
  }

  /** The saga id of the run this one continued as, if it ended with continue-as-new. */
  public Optional<String> continuedAs() {
    return last(EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW).map(e -> e.text(Attr.CONTINUED_AS));
  }

  /** The value of attribute {@code name} of the WorkflowExecutionStarted event, or null. */
  public String startedAttribute(String name) {
    return started().text(name);
  }

  /** The search attributes the workflow upserted so far, by name. */
  public Map<String, Object> searchAttributes() {
    return SearchAttributes.fold(events);
  }

  /**
   * Why no workflow task can move the saga, if the last one recorded a failure (WorkflowTaskFailed)
   * and none has decided since (WorkflowTaskCompleted).
   */
  public Optional<dev.operon.saga.SagaBlock> blocked() {
    if (lastWorkflowTask == null || lastWorkflowTask.eventType() != EventType.WORKFLOW_TASK_FAILED) {
      return Optional.empty();
    }
    SagaFailure failure = Json.value(lastWorkflowTask.attributes().get(Attr.FAILURE), SagaFailure.class);
    return Optional.of(new dev.operon.saga.SagaBlock(failure.kind(), failure.message(), lastWorkflowTask.timestamp()));
  }

  /** Activities scheduled and not finished for good. */
  public List<String> pendingActivities() {
    return scheduled.keySet().stream().filter(id -> !outcomes.containsKey(id)).toList();
  }
}
