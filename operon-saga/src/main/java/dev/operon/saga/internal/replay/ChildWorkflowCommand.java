package dev.operon.saga.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ErrorKind;
import dev.operon.saga.ChildWorkflowFailedException;
import dev.operon.saga.ChildWorkflowOptions;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.Workflow;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.ChildRecords;
import java.util.Objects;
import java.util.Optional;

/**
 * A child workflow call of workflow code: records StartChildWorkflowInitiated and pauses (the
 * child is started once that is appended), then pauses until the child's outcome is recorded in
 * this saga's history, and returns its result or throws {@link ChildWorkflowFailedException}.
 */
final class ChildWorkflowCommand {
  private ChildWorkflowCommand() {}

  @SuppressWarnings("unchecked")
  static <O> O run(ReplayContext ctx, Class<?> type, Object input, ChildWorkflowOptions options) {
    Objects.requireNonNull(options, "options");
    Workflow<?, ?> child = registered(ctx, type);
    String activityId = String.valueOf(ctx.nextSeq());
    HistoryEvent initiated = ctx.expect("child workflow '" + child.type() + "'",
        e -> e.eventType() == EventType.START_CHILD_WORKFLOW_INITIATED && child.type().equals(e.text(Attr.WORKFLOW_TYPE)));
    if (initiated == null) {
      ctx.requireNotCancelled();
      JsonNode childInput = WorkflowRegistry.checkedInput(child, input, "Child input");
      String childSagaId = options.businessId() != null ? options.businessId() : ctx.sagaId() + "-child-" + activityId;
      ctx.decision().add(ctx.events().childInitiated(ctx.sagaId(), activityId, child.type(), childSagaId,
          options.businessId(), childInput, options.parentClosePolicy().name()));
      ctx.decision().add(new Effect.StartChild(ctx.sagaId(), activityId));
      throw ctx.pause();
    }
    ChildRecords children = ChildRecords.of(ctx.history());
    Optional<HistoryEvent> outcome = children.outcome(activityId);
    if (outcome.isEmpty()) {
      ctx.requireNotCancelled();
      if (!children.started(activityId)) {
        // the start that followed the initiating append may have failed: this task is its retry
        ctx.decision().add(new Effect.StartChild(ctx.sagaId(), activityId));
      }
      throw ctx.pause();
    }
    HistoryEvent end = outcome.get();
    ctx.reached(end);
    if (end.eventType() == EventType.CHILD_WORKFLOW_COMPLETED) {
      return (O) Json.value(end.attributes().get(Attr.OUTPUT), child.outputType());
    }
    SagaFailure failure = Json.value(end.attributes().get(Attr.FAILURE), SagaFailure.class);
    if (failure == null) {
      failure = new SagaFailure(ErrorKind.WORKFLOW_EXECUTION, "no failure recorded", null);
    }
    throw new ChildWorkflowFailedException(ctx.sagaId(), end.text(Attr.CHILD_SAGA_ID), child.type(),
        end.eventType(), failure);
  }

  private static Workflow<?, ?> registered(ReplayContext ctx, Class<?> type) {
    try {
      WorkflowRegistry workflows = ctx.services().workflows();
      return workflows.require(workflows.typeOf(type));
    } catch (RuntimeException e) {
      throw ctx.engineFailure(e);
    }
  }
}
