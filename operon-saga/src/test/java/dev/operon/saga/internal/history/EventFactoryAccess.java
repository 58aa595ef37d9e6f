package dev.operon.saga.internal.history;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.operon.saga.HistoryEvent;
import java.time.Clock;

/** History events for tests outside this package, made by the engine's own factory. */
public final class EventFactoryAccess {
  private final EventFactory events;

  public EventFactoryAccess(Clock clock) {
    this.events = new EventFactory(clock);
  }

  public HistoryEvent started(String sagaId, String workflowType) {
    return events.started(sagaId, workflowType, TextNode.valueOf("in"), null, null, null);
  }

  public HistoryEvent completed(String sagaId) {
    return events.workflowCompleted(sagaId, TextNode.valueOf("out"));
  }
}
