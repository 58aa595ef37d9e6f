package dev.operon.saga.internal.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.saga.CompensationFailurePolicy;
import dev.operon.saga.CompensationRecord;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.observe.SagaContexts;
import dev.operon.tracking.CorrelationContext;
import dev.operon.saga.internal.client.InputCheck;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Makes the history events the engine writes, stamped with the engine's clock. */
public final class EventFactory {
  private final Clock clock;

  public EventFactory(Clock clock) {
    this.clock = clock;
  }

  /**
   * An event stamped with this factory's clock and with the trace id of the thread's
   * {@link CorrelationContext} (the saga's, while the engine works for a saga); a
   * WorkflowExecutionStarted also records the context's correlation id and trace context, which
   * every later step of the saga continues.
   */
  HistoryEvent event(String sagaId, EventType type, ObjectNode attributes, boolean retry) {
    CorrelationContext context = CorrelationContext.current().orElse(null);
    if (type == EventType.WORKFLOW_EXECUTION_STARTED && context != null) {
      SagaContexts.record(attributes, context);
    }
    return new HistoryEvent(0, sagaId, type, type.category(), clock.instant(), attributes,
        HistoryEvent.CURRENT_VERSION, type == EventType.WORKFLOW_EXECUTION_STARTED, retry,
        context == null ? null : context.traceId());
  }

  /** WorkflowExecutionStarted: type, input, business id and the time the workflow times out (or null). */
  public HistoryEvent started(String sagaId, String workflowType, JsonNode input, String businessId,
      Instant timeoutAt) {
    return started(sagaId, workflowType, input, businessId, timeoutAt, null);
  }

  /** WorkflowExecutionStarted as {@link #started}, also naming the code version that started it (or null). */
  public HistoryEvent started(String sagaId, String workflowType, JsonNode input, String businessId,
      Instant timeoutAt, String codeVersion) {
    ObjectNode a = Json.object().put(Attr.WORKFLOW_TYPE, workflowType).put(Attr.BUSINESS_ID, businessId)
        .put(Attr.TIMEOUT_AT, timeoutAt == null ? null : timeoutAt.toString())
        .put(Attr.CODE_VERSION, codeVersion);
    a.set(Attr.INPUT, input);
    return event(sagaId, EventType.WORKFLOW_EXECUTION_STARTED, a, false);
  }

  public HistoryEvent activityScheduled(String sagaId, ScheduledStep step) {
    ObjectNode a = Json.object().put(Attr.ACTIVITY_ID, step.activityId())
        .put(Attr.ACTIVITY_TYPE, step.activityType()).put(Attr.COMPENSATION, step.compensation())
        .put(Attr.COMPENSATION_OF, step.compensationOf());
    if (step.retryOf() != null) {
      a.put(Attr.RETRY_OF, step.retryOf());
    }
    a.set(Attr.INPUT, step.input());
    return event(sagaId, EventType.ACTIVITY_TASK_SCHEDULED, a, false);
  }

  public HistoryEvent activityCompleted(String sagaId, String activityId, JsonNode output, int attempt) {
    ObjectNode a = Json.object().put(Attr.ACTIVITY_ID, activityId).put(Attr.ATTEMPT, attempt);
    a.set(Attr.OUTPUT, output);
    return event(sagaId, EventType.ACTIVITY_TASK_COMPLETED, a, attempt > 1);
  }

  HistoryEvent activityFailed(String sagaId, String activityId, SagaFailure failure, int attempt, boolean willRetry) {
    return activityFailed(sagaId, activityId, failure, attempt, willRetry, null);
  }

  /** ActivityTaskFailed with the details of the attempt's last heartbeat (null: none). */
  HistoryEvent activityFailed(String sagaId, String activityId, SagaFailure failure, int attempt, boolean willRetry,
      JsonNode heartbeat) {
    return activityFailed(sagaId, activityId, failure, attempt, willRetry, heartbeat, false);
  }

  /**
   * ActivityTaskFailed; {@code workerLost} marks an attempt whose worker stopped renewing its lease
   * (it does not count against the retry policy, see {@link SagaHistory#lostAttempts}).
   */
  public HistoryEvent activityFailed(String sagaId, String activityId, SagaFailure failure, int attempt, boolean willRetry,
      JsonNode heartbeat, boolean workerLost) {
    ObjectNode a = Json.object().put(Attr.ACTIVITY_ID, activityId).put(Attr.ATTEMPT, attempt)
        .put(Attr.WILL_RETRY, willRetry);
    a.set(Attr.FAILURE, Json.tree(failure));
    if (heartbeat != null) {
      a.set(Attr.HEARTBEAT, heartbeat);
    }
    if (workerLost) {
      a.put(Attr.WORKER_LOST, true);
    }
    return event(sagaId, EventType.ACTIVITY_TASK_FAILED, a, attempt > 1);
  }

  /** WorkflowTaskFailed: a workflow task could not decide, for {@code failure} (the saga is blocked). */
  public HistoryEvent workflowTaskFailed(String sagaId, SagaFailure failure) {
    ObjectNode a = Json.object();
    a.set(Attr.FAILURE, Json.tree(failure));
    return event(sagaId, EventType.WORKFLOW_TASK_FAILED, a, false);
  }

  /** WorkflowTaskCompleted: a workflow task decided again after one failed (the saga is no longer blocked). */
  public HistoryEvent workflowTaskCompleted(String sagaId) {
    return event(sagaId, EventType.WORKFLOW_TASK_COMPLETED, Json.object(), false);
  }

  /** TimerCreated of a sleep, or of a signal wait (with the signal's name and the payload's class name). */
  public HistoryEvent timerCreated(String sagaId, String timerId, Instant fireAt, String purpose, String signalName,
      String signalType) {
    ObjectNode a = Json.object().put(Attr.TIMER_ID, timerId).put(Attr.FIRE_AT, fireAt.toString())
        .put(Attr.PURPOSE, purpose).put(Attr.SIGNAL_NAME, signalName);
    if (signalType != null) {
      a.put(Attr.SIGNAL_TYPE, signalType);
    }
    return event(sagaId, EventType.TIMER_CREATED, a, false);
  }

  public HistoryEvent timer(String sagaId, EventType type, String timerId) {
    return event(sagaId, type, Json.object().put(Attr.TIMER_ID, timerId), false);
  }

  /** SignalReceived: a signal and its payload. */
  public HistoryEvent signalReceived(String sagaId, String name, JsonNode payload) {
    return signalReceived(sagaId, name, payload, null);
  }

  /**
   * SignalReceived: a signal, its payload and, for a payload sent as a Java object that is not
   * JSON-like (see {@link InputCheck}), its class name ({@code payload_type}; null otherwise).
   */
  public HistoryEvent signalReceived(String sagaId, String name, JsonNode payload, String payloadType) {
    ObjectNode a = Json.object().put(Attr.SIGNAL_NAME, name);
    a.set(Attr.PAYLOAD, payload);
    if (payloadType != null) {
      a.put(Attr.PAYLOAD_TYPE, payloadType);
    }
    return event(sagaId, EventType.SIGNAL_RECEIVED, a, false);
  }

  /** SignalRejected: signal {@code name}, received as event {@code signalEventId}, did not fit the wait, and why. */
  public HistoryEvent signalRejected(String sagaId, String name, long signalEventId, String reason) {
    ObjectNode a = Json.object().put(Attr.SIGNAL_NAME, name).put(Attr.SIGNAL_EVENT_ID, signalEventId)
        .put(Attr.REASON, reason);
    return event(sagaId, EventType.SIGNAL_REJECTED, a, false);
  }

  public HistoryEvent sideEffect(String sagaId, JsonNode value) {
    ObjectNode a = Json.object();
    a.set(Attr.VALUE, value);
    return event(sagaId, EventType.SIDE_EFFECT_RECORDED, a, false);
  }

  public HistoryEvent patchMarker(String sagaId, String patchId) {
    return event(sagaId, EventType.MARKER_RECORDED,
        Json.object().put(Attr.MARKER, Attr.MARKER_PATCH).put(Attr.PATCH_ID, patchId), false);
  }

  public HistoryEvent userMarker(String sagaId, String name, JsonNode details) {
    ObjectNode a = Json.object().put(Attr.MARKER, Attr.MARKER_USER).put(Attr.MARKER_NAME, name);
    a.set(Attr.DETAILS, details);
    return event(sagaId, EventType.MARKER_RECORDED, a, false);
  }

  /** LocalActivityCompleted (failure null) or LocalActivityFailed, after {@code attempts} tries. */
  public HistoryEvent localActivity(String sagaId, ScheduledStep step, JsonNode output, SagaFailure failure, int attempts) {
    ObjectNode a = Json.object().put(Attr.ACTIVITY_ID, step.activityId())
        .put(Attr.ACTIVITY_TYPE, step.activityType()).put(Attr.COMPENSATION, step.compensation())
        .put(Attr.ATTEMPT, attempts);
    a.set(Attr.INPUT, step.input());
    if (failure == null) {
      a.set(Attr.OUTPUT, output);
      return event(sagaId, EventType.LOCAL_ACTIVITY_COMPLETED, a, attempts > 1);
    }
    a.set(Attr.FAILURE, Json.tree(failure));
    return event(sagaId, EventType.LOCAL_ACTIVITY_FAILED, a, attempts > 1);
  }

  /** WorkflowExecutionStarted of a run linked to another saga: {@code links} are added as attributes. */
  public HistoryEvent linkedStarted(String sagaId, String workflowType, JsonNode input, String businessId,
      Instant timeoutAt, Map<String, String> links) {
    HistoryEvent started = started(sagaId, workflowType, input, businessId, timeoutAt);
    ObjectNode a = (ObjectNode) started.attributes();
    links.forEach(a::put);
    return started;
  }

  /** StartChildWorkflowInitiated: the child's type, id, business id (or null), input and parent-close policy. */
  public HistoryEvent childInitiated(String sagaId, String activityId, String workflowType, String childSagaId,
      String businessId, JsonNode input, String policy) {
    ObjectNode a = Json.object().put(Attr.ACTIVITY_ID, activityId).put(Attr.WORKFLOW_TYPE, workflowType)
        .put(Attr.CHILD_SAGA_ID, childSagaId).put(Attr.BUSINESS_ID, businessId).put(Attr.PARENT_CLOSE_POLICY, policy);
    a.set(Attr.INPUT, input);
    return event(sagaId, EventType.START_CHILD_WORKFLOW_INITIATED, a, false);
  }

  /** A child-workflow event of the parent {@code sagaId} about child {@code childSagaId} (step {@code activityId}). */
  public HistoryEvent child(String sagaId, EventType type, String activityId, String childSagaId) {
    return event(sagaId, type, Json.object().put(Attr.ACTIVITY_ID, activityId).put(Attr.CHILD_SAGA_ID, childSagaId),
        false);
  }

  /** ChildWorkflowCompleted (with the output) or another child outcome (with the failure). */
  public HistoryEvent childOutcome(String sagaId, EventType type, String activityId, String childSagaId, JsonNode output,
      SagaFailure failure) {
    HistoryEvent e = child(sagaId, type, activityId, childSagaId);
    ObjectNode a = (ObjectNode) e.attributes();
    if (type == EventType.CHILD_WORKFLOW_COMPLETED) {
      a.set(Attr.OUTPUT, output);
    } else {
      a.set(Attr.FAILURE, Json.tree(failure));
    }
    return e;
  }

  public HistoryEvent parentClosePolicyApplied(String sagaId, String activityId, String childSagaId, String policy) {
    HistoryEvent e = child(sagaId, EventType.PARENT_CLOSE_POLICY_APPLIED, activityId, childSagaId);
    ((ObjectNode) e.attributes()).put(Attr.PARENT_CLOSE_POLICY, policy);
    return e;
  }

  public HistoryEvent continuedAsNew(String sagaId, String nextSagaId, JsonNode input) {
    ObjectNode a = Json.object().put(Attr.CONTINUED_AS, nextSagaId);
    a.set(Attr.INPUT, input);
    return event(sagaId, EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW, a, false);
  }

  public HistoryEvent searchAttributesUpserted(String sagaId, JsonNode upsert) {
    ObjectNode a = Json.object();
    a.set(Attr.SEARCH_ATTRIBUTES, upsert);
    return event(sagaId, EventType.SEARCH_ATTRIBUTES_UPSERTED, a, false);
  }

  public HistoryEvent updateAccepted(String sagaId, String updateId, String name, JsonNode arg) {
    ObjectNode a = Json.object().put(Attr.UPDATE_ID, updateId).put(Attr.UPDATE_NAME, name);
    a.set(Attr.INPUT, arg);
    return event(sagaId, EventType.UPDATE_ACCEPTED, a, false);
  }

  public HistoryEvent updateCompleted(String sagaId, String updateId, String name, JsonNode output, SagaFailure failure) {
    ObjectNode a = Json.object().put(Attr.UPDATE_ID, updateId).put(Attr.UPDATE_NAME, name);
    a.set(Attr.OUTPUT, output);
    a.set(Attr.FAILURE, failure == null ? null : Json.tree(failure));
    return event(sagaId, EventType.UPDATE_COMPLETED, a, false);
  }

  public HistoryEvent timedOut(String sagaId) {
    return event(sagaId, EventType.WORKFLOW_EXECUTION_TIMED_OUT, Json.object(), false);
  }

  /** WorkflowExecutionCancelRequested, with why. */
  public HistoryEvent cancelRequested(String sagaId, String reason) {
    return event(sagaId, EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED, Json.object().put(Attr.REASON, reason), false);
  }

  public HistoryEvent workflowCompleted(String sagaId, JsonNode output) {
    ObjectNode a = Json.object();
    a.set(Attr.OUTPUT, output);
    return event(sagaId, EventType.WORKFLOW_EXECUTION_COMPLETED, a, false);
  }

  public HistoryEvent withFailure(String sagaId, EventType type, SagaFailure failure) {
    ObjectNode a = Json.object();
    a.set(Attr.FAILURE, Json.tree(failure));
    return event(sagaId, type, a, false);
  }

  /**
   * CompensationStarted: the compensations to run, in order, what to do when one fails for good,
   * and why when it is not the rollback of the saga's failure (null: it is).
   */
  public HistoryEvent compensationStarted(String sagaId, List<ScheduledStep> plan, CompensationFailurePolicy onFailure,
      String reason) {
    ObjectNode a = Json.object().put(Attr.COMPENSATION_FAILURE, onFailure.name());
    if (reason != null) {
      a.put(Attr.REASON, reason);
    }
    a.set(Attr.PLAN, Json.tree(plan));
    return event(sagaId, EventType.COMPENSATION_STARTED, a, false);
  }

  /**
   * CompensationFailed: the first compensation that failed for good ({@code activity_id},
   * {@code activity_type}, {@code failure}) and, in {@code failed}, every one that did.
   */
  public HistoryEvent compensationFailed(String sagaId, List<CompensationRecord> failed) {
    CompensationRecord first = failed.get(0);
    ObjectNode a = Json.object().put(Attr.ACTIVITY_ID, first.activityId())
        .put(Attr.ACTIVITY_TYPE, first.compensationType());
    a.set(Attr.FAILURE, Json.tree(first.failure().orElse(null)));
    var all = a.putArray(Attr.FAILED);
    for (CompensationRecord c : failed) {
      ObjectNode one = all.addObject().put(Attr.ACTIVITY_ID, c.activityId())
          .put(Attr.ACTIVITY_TYPE, c.compensationType()).put(Attr.COMPENSATION_OF, c.stepId());
      one.set(Attr.FAILURE, Json.tree(c.failure().orElse(null)));
    }
    return event(sagaId, EventType.COMPENSATION_FAILED, a, false);
  }
}
