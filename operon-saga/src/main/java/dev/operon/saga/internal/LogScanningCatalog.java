package dev.operon.saga.internal;

import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.StoredEvent;
import dev.operon.saga.EventCategory;
import dev.operon.saga.EventType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The sagas that may be unfinished, kept up to date by reading the event store's global log from
 * where the last call stopped: a WorkflowExecutionStarted adds its saga, an event that always
 * ends a saga (completed, cancelled, compensation failed, terminated) removes it. So each call
 * reads only what was appended since the previous one. A reader that passes the position of the
 * last event it received never misses a committed event (the port's guarantee). Thread-safe.
 */
final class LogScanningCatalog implements SagaCatalog {
  private static final int PAGE = 1000;
  private static final String WORKFLOW = EventCategory.WORKFLOW.label();
  private static final String STARTED = EventType.WORKFLOW_EXECUTION_STARTED.typeName();
  private static final Set<String> ENDS = Set.of(EventType.WORKFLOW_EXECUTION_COMPLETED.typeName(),
      EventType.WORKFLOW_EXECUTION_CANCELED.typeName(), EventType.COMPENSATION_FAILED.typeName(),
      EventType.WORKFLOW_EXECUTION_TERMINATED.typeName());

  private final EventStore store;
  private final Set<String> open = new LinkedHashSet<>();
  private long position;

  LogScanningCatalog(EventStore store) {
    this.store = store;
  }

  @Override
  public synchronized Iterable<String> candidateSagaIds() {
    List<StoredEvent> page;
    while (!(page = store.readAll(position, PAGE)).isEmpty()) {
      for (StoredEvent e : page) {
        if (STARTED.equals(e.type()) && WORKFLOW.equals(e.metadata().get("category"))) {
          open.add(e.stream());
        } else if (ENDS.contains(e.type())) {
          open.remove(e.stream());
        }
      }
      position = page.get(page.size() - 1).position();
    }
    return List.copyOf(open);
  }
}
