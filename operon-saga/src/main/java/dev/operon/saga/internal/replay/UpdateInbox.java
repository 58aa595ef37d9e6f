package dev.operon.saga.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Hands accepted updates to their handlers at deterministic points of a replay. An update is
 * delivered at the first point where the workflow code waits (an activity, a sleep, a signal)
 * that is either resolved by an event recorded after the update was accepted, or not resolved yet
 * (the replay pauses there); updates still undelivered when the code returns or throws are
 * delivered then. Since these points depend only on the history, every replay runs each handler
 * at the same point of the code, on the same state. A handler whose UpdateCompleted is not yet
 * recorded adds it to the decision.
 */
final class UpdateInbox {
  private final String sagaId;
  private final List<HistoryEvent> accepted = new ArrayList<>();
  private final Set<String> completed = new HashSet<>();
  private final WorkflowHandlers handlers;
  private final EventFactory events;
  private final Decision decision;
  private int next;
  private boolean delivering;

  UpdateInbox(SagaHistory history, WorkflowHandlers handlers, EventFactory events, Decision decision) {
    this.sagaId = history.sagaId();
    this.handlers = handlers;
    this.events = events;
    this.decision = decision;
    for (HistoryEvent e : history.events()) {
      if (e.eventType() == EventType.UPDATE_ACCEPTED) {
        accepted.add(e);
      } else if (e.eventType() == EventType.UPDATE_COMPLETED) {
        completed.add(e.text(Attr.UPDATE_ID));
      }
    }
  }

  /** Whether a handler is running: workflow code must not wait then. */
  boolean delivering() {
    return delivering;
  }

  /** Delivers the updates accepted before event {@code eventId}: the code's wait was resolved by it. */
  void deliverBefore(long eventId) {
    while (next < accepted.size() && accepted.get(next).eventId() < eventId) {
      deliver(accepted.get(next++));
    }
  }

  private void deliver(HistoryEvent update) {
    String id = update.text(Attr.UPDATE_ID);
    String name = update.text(Attr.UPDATE_NAME);
    JsonNode output = null;
    SagaFailure failure = null;
    WorkflowHandlers.Update handler = handlers.update(name).orElse(null);
    delivering = true;
    try {
      if (handler == null) {
        throw OperonException.invalid("Saga " + sagaId + " has no handler for update '" + name
            + "' at the point it reached (handlers: " + handlers.updateNames() + ")");
      }
      Object result = handler.handler().apply(Json.value(update.attributes().get(Attr.INPUT), handler.argType()));
      output = Json.tree(result);
    } catch (RuntimeException e) {
      failure = SagaFailure.of(e);
    } finally {
      delivering = false;
    }
    if (!completed.contains(id)) {
      decision.add(events.updateCompleted(sagaId, id, name, output, failure));
      completed.add(id);
    }
  }

  /** The error a workflow waiting inside an update or query handler gets. */
  static OperonException waitInHandler(String sagaId) {
    return OperonException.of(ErrorKind.VALIDATION, "Saga " + sagaId + ": update and query handlers run"
        + " between the workflow's steps and cannot call activities, timers, signals or other workflow"
        + " commands").id(OperonException.Ids.SAGA, sagaId).retryable(false).build();
  }
}
