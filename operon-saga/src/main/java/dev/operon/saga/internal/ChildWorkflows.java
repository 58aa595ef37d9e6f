package dev.operon.saga.internal;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.ParentClosePolicy;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.ChildRecords;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.replay.Decision;
import dev.operon.saga.internal.replay.Effect;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child sagas between their parent's history and their own: starts a child the parent initiated
 * and records ChildWorkflowStarted ({@code child_saga_id}) in the parent; records the child's
 * outcome in the parent and wakes it when the child ends; applies parent-close policies. Every
 * write to either history is an append with the expected last id, retried on conflict.
 */
public final class ChildWorkflows {
  private static final Logger LOG = LoggerFactory.getLogger(ChildWorkflows.class);
  private static final Set<EventType> CLOSING = EnumSet.of(EventType.WORKFLOW_EXECUTION_COMPLETED,
      EventType.WORKFLOW_EXECUTION_FAILED, EventType.WORKFLOW_EXECUTION_CANCELED, EventType.COMPENSATION_FAILED);

  private final SagaRuntime runtime;
  private final EventFactory events;

  public ChildWorkflows(SagaRuntime runtime) {
    this.runtime = runtime;
    this.events = runtime.events();
  }

  /**
   * For a decision that closes saga {@code parent}: records ParentClosePolicyApplied for each child
   * without an outcome, and the policy to apply once the decision is appended.
   */
  public static void close(SagaHistory parent, Decision decision, EventFactory events) {
    for (HistoryEvent initiated : parent.children().unfinished()) {
      String childId = initiated.text(Attr.CHILD_SAGA_ID);
      String policy = initiated.text(Attr.PARENT_CLOSE_POLICY);
      decision.add(events.parentClosePolicyApplied(parent.sagaId(), initiated.text(Attr.ACTIVITY_ID), childId, policy));
      decision.add(new Effect.ApplyParentClose(parent.sagaId(), childId, policy));
    }
  }

  /** Starts the child that step {@code activityId} of {@code parentId} initiated, and records that in the parent. */
  void start(String parentId, String activityId) {
    SagaHistory parent = runtime.histories().load(parentId);
    HistoryEvent initiated = parent.children().initiated(activityId).orElse(null);
    if (initiated == null || parent.children().started(activityId)
        || parent.children().outcome(activityId).isPresent()) {
      return;
    }
    String childId = initiated.text(Attr.CHILD_SAGA_ID);
    String type = initiated.text(Attr.WORKFLOW_TYPE);
    HistoryEvent started = events.linkedStarted(childId, type, initiated.attributes().get(Attr.INPUT),
        initiated.text(Attr.BUSINESS_ID),
        RunStarter.timeoutAt(runtime, type), Map.of(Attr.PARENT_SAGA_ID, parentId, Attr.PARENT_ACTIVITY_ID, activityId));
    if (!RunStarter.start(runtime, started) && !linked(runtime.histories().load(childId), parentId, activityId)) {
      SagaFailure taken = new SagaFailure(ErrorKind.VALIDATION, "Saga id '" + childId
          + "' is already used by another saga; give the child another business id", OperonException.class.getName());
      HistoryEvent failed = events.childOutcome(parentId, EventType.START_CHILD_WORKFLOW_FAILED, activityId, childId,
          null, taken);
      appendToParent(parentId, p -> p.children().outcome(activityId).isEmpty() ? List.of(failed) : List.of(), true);
      return;
    }
    boolean parentLive = appendToParent(parentId, p -> p.children().started(activityId)
        || p.children().outcome(activityId).isPresent() ? List.of() : List.of(startedIn(parentId, activityId, childId)),
        false);
    if (!parentLive) {
      LOG.info("Saga {} closed while its child {} started: applying policy {}", parentId, childId,
          initiated.text(Attr.PARENT_CLOSE_POLICY));
      applyPolicy(parentId, childId, initiated.text(Attr.PARENT_CLOSE_POLICY));
    }
  }

  /** After {@code decision} was appended to {@code before}: if that ended a child saga, tell its parent. */
  public void afterAppend(SagaHistory before, Decision decision) {
    if (before.startedAttribute(Attr.PARENT_SAGA_ID) != null
        && decision.events().stream().anyMatch(e -> CLOSING.contains(e.eventType()))) {
      notifyParent(runtime.histories().load(before.sagaId()));
    }
  }

  /** Records how the ended run {@code child} finished in its parent's history and wakes the parent. */
  void notifyParent(SagaHistory child) {
    String parentId = child.startedAttribute(Attr.PARENT_SAGA_ID);
    String activityId = child.startedAttribute(Attr.PARENT_ACTIVITY_ID);
    if (parentId == null || !child.terminal() || child.continuedAs().isPresent()) {
      return;
    }
    HistoryEvent outcome = events.childOutcome(parentId, outcomeType(child), activityId, child.sagaId(),
        child.output().orElse(null), child.failure().orElse(null));
    appendToParent(parentId, p -> {
      ChildRecords children = p.children();
      if (children.initiated(activityId).isEmpty() || children.outcome(activityId).isPresent()) {
        return List.of();
      }
      // a child may finish before its start is recorded in the parent: record both, in order
      return children.started(activityId) ? List.of(outcome)
          : List.of(startedIn(parentId, activityId, children.initiated(activityId).get().text(Attr.CHILD_SAGA_ID)), outcome);
    }, true);
  }

  private HistoryEvent startedIn(String parentId, String activityId, String childId) {
    return events.child(parentId, EventType.CHILD_WORKFLOW_STARTED, activityId, childId);
  }

  private static EventType outcomeType(SagaHistory child) {
    if (child.last(EventType.WORKFLOW_EXECUTION_TERMINATED).isPresent()) {
      return EventType.CHILD_WORKFLOW_TERMINATED;
    }
    return switch (child.state()) {
      case COMPLETED -> EventType.CHILD_WORKFLOW_COMPLETED;
      case CANCELLED -> child.timedOut() ? EventType.CHILD_WORKFLOW_TIMED_OUT
          : child.cancelRequested() ? EventType.CHILD_WORKFLOW_CANCELED : EventType.CHILD_WORKFLOW_FAILED;
      default -> EventType.CHILD_WORKFLOW_FAILED;
    };
  }

  /** Applies parent-close {@code policy} to the newest run of child {@code childId} of {@code parentId}. */
  void applyPolicy(String parentId, String childId, String policy) {
    switch (ParentClosePolicy.valueOf(policy)) {
      case ABANDON -> { }
      case REQUEST_CANCEL -> appendToChild(parentId, childId, child -> child.cancelRequested() ? null
          : new Decision(List.of(events.cancelRequested(child.sagaId(), "parent saga " + parentId
              + " closed (parent-close policy REQUEST_CANCEL)")), List.of()));
      case TERMINATE -> appendToChild(parentId, childId, this::termination);
    }
  }

  /** Stops {@code child} for good: its own children get their policies, its timers are cancelled. */
  private Decision termination(SagaHistory child) {
    Decision decision = new Decision();
    close(child, decision, events);
    SagaFailure why = new SagaFailure(ErrorKind.CANCELLED, "Terminated: parent saga "
        + child.startedAttribute(Attr.PARENT_SAGA_ID) + " closed (parent-close policy TERMINATE)", null);
    decision.add(events.withFailure(child.sagaId(), EventType.WORKFLOW_EXECUTION_TERMINATED, why));
    child.openTimers().forEach(id -> decision.add(new Effect.StopTimer(id)));
    if (child.timeoutAt().isPresent()) {
      decision.add(new Effect.StopTimer(SagaHistory.workflowTimerId(child.sagaId())));
    }
    return decision;
  }

  /**
   * Appends what {@code decide} returns (null: nothing) to the newest live run of child
   * {@code childId}, if it is still linked to {@code parentId}; then runs its effects and wakes it.
   */
  private void appendToChild(String parentId, String childId, Function<SagaHistory, Decision> decide) {
    runtime.appendRetrying(childId, "applying its parent's close policy", () -> {
      SagaHistory child = ContinuedRuns.latest(runtime, runtime.histories().load(childId));
      if (!child.exists() || child.terminal() || !parentId.equals(child.startedAttribute(Attr.PARENT_SAGA_ID))) {
        return null;
      }
      Decision decision = decide.apply(child);
      if (decision == null) {
        return null;
      }
      long last = runtime.histories().append(child, decision.events());
      runtime.apply(decision.effects());
      runtime.wake(child.sagaId(), last);
      return null;
    });
  }

  /**
   * Appends the events {@code decide} returns for the parent (none: nothing to do) while the parent
   * is unfinished, and wakes it if asked; returns false if the parent has ended (or does not exist).
   */
  private boolean appendToParent(String parentId, Function<SagaHistory, List<HistoryEvent>> decide, boolean wake) {
    return runtime.appendRetrying(parentId, "recording a child's progress", () -> {
      SagaHistory parent = runtime.histories().load(parentId);
      if (!parent.exists() || parent.terminal()) {
        return false;
      }
      List<HistoryEvent> wanted = decide.apply(parent);
      if (wanted.isEmpty()) {
        return true;
      }
      long last = runtime.histories().append(parent, wanted);
      if (wake) {
        runtime.wake(parentId, last);
      }
      return true;
    });
  }

  /**
   * Repairs what a crash between two writes may have left: a live parent's child initiated but not
   * started, or ended without its outcome in the parent; an ended child whose parent did not hear;
   * a child still running after its parent closed and recorded the policy for it. Every step is a
   * no-op if already done.
   */
  public void recover(SagaHistory history) {
    if (history.terminal()) {
      notifyParent(history);
      history.events().stream().filter(e -> e.eventType() == EventType.PARENT_CLOSE_POLICY_APPLIED)
          .forEach(e -> applyPolicy(history.sagaId(), e.text(Attr.CHILD_SAGA_ID), e.text(Attr.PARENT_CLOSE_POLICY)));
      return;
    }
    String parentId = history.startedAttribute(Attr.PARENT_SAGA_ID);
    if (parentId != null) {
      SagaHistory parent = runtime.histories().load(parentId);
      String activityId = history.startedAttribute(Attr.PARENT_ACTIVITY_ID);
      if (parent.terminal()) {
        parent.events().stream().filter(e -> e.eventType() == EventType.PARENT_CLOSE_POLICY_APPLIED
                && activityId.equals(e.text(Attr.ACTIVITY_ID)))
            .findFirst().ifPresent(e -> applyPolicy(parentId, e.text(Attr.CHILD_SAGA_ID), e.text(Attr.PARENT_CLOSE_POLICY)));
      }
    }
    for (HistoryEvent initiated : history.children().unfinished()) {
      String activityId = initiated.text(Attr.ACTIVITY_ID);
      if (!history.children().started(activityId)) {
        start(history.sagaId(), activityId);
        continue;
      }
      SagaHistory child = ContinuedRuns.latest(runtime, runtime.histories().load(initiated.text(Attr.CHILD_SAGA_ID)));
      if (child.exists() && child.terminal()) {
        notifyParent(child);
      }
    }
  }

  private static boolean linked(SagaHistory child, String parentId, String activityId) {
    return child.exists() && parentId.equals(child.startedAttribute(Attr.PARENT_SAGA_ID))
        && activityId.equals(child.startedAttribute(Attr.PARENT_ACTIVITY_ID));
  }
}
