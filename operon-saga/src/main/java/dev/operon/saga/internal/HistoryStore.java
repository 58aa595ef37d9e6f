package dev.operon.saga.internal;

import dev.operon.codec.Codec;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.StoredEvent;
import dev.operon.saga.EventCategory;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Saga histories on the {@link EventStore} port: one stream per saga (stream id = saga id), each
 * event's JSON in the payload, its type name as the stored type and its category in the metadata.
 */
public final class HistoryStore {
  private static final int SCAN_PAGE = 1000;
  private static final String STARTED = EventType.WORKFLOW_EXECUTION_STARTED.typeName();
  private static final String WORKFLOW = EventCategory.WORKFLOW.label();

  private final EventStore store;
  private final Codec codec = Codec.json();

  public HistoryStore(EventStore store) {
    this.store = store;
  }

  /** The whole history of {@code sagaId} (empty if it does not exist). */
  public SagaHistory load(String sagaId) {
    List<StoredEvent> stored = store.read(sagaId, 0);
    List<HistoryEvent> events = new ArrayList<>(stored.size());
    for (StoredEvent e : stored) {
      events.add(codec.decode(e.payload(), HistoryEvent.class).withEventId(e.id()));
    }
    return new SagaHistory(sagaId, events);
  }

  /**
   * The ids of every saga in the store, oldest first, found by reading the global log for
   * WorkflowExecutionStarted events (the port has no listing of streams).
   */
  public Set<String> sagaIds() {
    Set<String> ids = new LinkedHashSet<>();
    long position = 0;
    List<StoredEvent> page;
    while (!(page = store.readAll(position, SCAN_PAGE)).isEmpty()) {
      for (StoredEvent e : page) {
        if (STARTED.equals(e.type()) && WORKFLOW.equals(e.metadata().get("category"))) {
          ids.add(e.stream());
        }
      }
      position = page.get(page.size() - 1).position();
    }
    return ids;
  }

  /**
   * Appends {@code events} after {@code history}'s last event; they get the next ids. Throws
   * {@link dev.operon.error.ConflictException} if another writer appended first.
   */
  public long append(SagaHistory history, List<HistoryEvent> events) {
    long id = history.lastEventId();
    List<NewEvent> encoded = new ArrayList<>(events.size());
    for (HistoryEvent event : events) {
      HistoryEvent numbered = event.withEventId(++id);
      encoded.add(new NewEvent(event.eventType().typeName(), codec.encode(numbered),
          Map.of("category", event.category().label())));
    }
    return store.append(history.sagaId(), history.lastEventId(), encoded);
  }
}
