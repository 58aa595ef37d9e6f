package dev.operon.saga.internal;

import dev.operon.codec.Codec;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.StoredEvent;
import dev.operon.saga.EventCategory;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Saga histories on the {@link EventStore} port: one stream per saga (stream id = saga id), each
 * event's JSON in the payload, its type name as the stored type and its category in the metadata.
 */
public final class HistoryStore {
  private static final int SCAN_PAGE = 1000;
  private static final String STARTED = EventType.WORKFLOW_EXECUTION_STARTED.typeName();
  private static final String WORKFLOW = EventCategory.WORKFLOW.label();
  private static final Set<String> SAGA_EVENT_TYPES = java.util.Arrays.stream(EventType.values())
      .map(EventType::typeName).collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Histories held to spare their reloads (the sagas this engine moved last). */
  private static final int HELD_HISTORIES = 4096;

  /** Events between snapshots by default (seed 004 §9). */
  public static final int DEFAULT_SNAPSHOT_INTERVAL = 100;

  private final EventStore store;
  private final HistorySnapshots snapshots;
  private final Codec codec = Codec.json();
  private final SagaEndSignals ends = new SagaEndSignals();
  /** The histories this engine appended or read last, least recently used dropped first. */
  private final Map<String, SagaHistory> recent = Collections.synchronizedMap(
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SagaHistory> eldest) {
          return size() > HELD_HISTORIES;
        }
      });
  private final Map<String, Long> written = new ConcurrentHashMap<>();

  /** Histories on {@code store} with a snapshot every {@value #DEFAULT_SNAPSHOT_INTERVAL} events. */
  public HistoryStore(EventStore store) {
    this(store, DEFAULT_SNAPSHOT_INTERVAL);
  }

  /** Histories on {@code store} with a snapshot every {@code snapshotInterval} events (0: none). */
  public HistoryStore(EventStore store, int snapshotInterval) {
    this.store = store;
    this.snapshots = new HistorySnapshots(store, snapshotInterval);
  }

  /**
   * The whole history of {@code sagaId} (empty if it does not exist). A history this engine holds
   * (it appended or read it lately) is brought up to date by reading only the events after its last
   * one; any other is read from its newest snapshot on. Events never change and their ids are
   * dense, so a held prefix is always valid; an append still carries the expected last id, so a
   * writer holding an old history gets a conflict, never a lost event.
   */
  public SagaHistory load(String sagaId) {
    SagaHistory held = recent.get(sagaId);
    if (held != null) {
      List<StoredEvent> newer = store.read(sagaId, held.lastEventId());
      return newer.isEmpty() ? held : remember(held.plus(decode(newer)));
    }
    List<HistoryEvent> prefix = snapshots.latest(sagaId);
    List<HistoryEvent> events = new ArrayList<>(prefix);
    events.addAll(decode(store.read(sagaId, prefix.size())));
    SagaHistory history = new SagaHistory(sagaId, events);
    return history.exists() ? remember(history) : history;
  }

  private List<HistoryEvent> decode(List<StoredEvent> stored) {
    List<HistoryEvent> events = new ArrayList<>(stored.size());
    for (StoredEvent e : stored) {
      events.add(codec.decode(e.payload(), HistoryEvent.class).withEventId(e.id()));
    }
    return events;
  }

  /** Holds {@code history} unless a longer one of the same saga is held already; returns it. */
  private SagaHistory remember(SagaHistory history) {
    synchronized (recent) {
      SagaHistory held = recent.get(history.sagaId());
      if (held == null || held.lastEventId() < history.lastEventId()) {
        recent.put(history.sagaId(), history);
      }
    }
    return history;
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

  /** An event of the global log: its position there and the saga event it holds. */
  public record LogEntry(long position, HistoryEvent event) {}

  /**
   * Up to {@code limit} saga events of the global log after {@code afterPosition}, in log order,
   * and the position the next read continues from (see {@link EventStore#readAll}). Events of
   * other streams sharing the store (the schedules' definitions, say) are skipped.
   */
  public LogPage readLog(long afterPosition, int limit) {
    List<StoredEvent> page = store.readAll(afterPosition, limit);
    List<LogEntry> entries = new ArrayList<>(page.size());
    for (StoredEvent e : page) {
      if (SAGA_EVENT_TYPES.contains(e.type())) {
        entries.add(new LogEntry(e.position(), codec.decode(e.payload(), HistoryEvent.class).withEventId(e.id())));
      }
    }
    return new LogPage(entries, page.isEmpty() ? afterPosition : page.get(page.size() - 1).position(), page.size());
  }

  /** A page of the global log; {@code read} counts every stored event, saga event or not. */
  public record LogPage(List<LogEntry> entries, long lastPosition, int read) {}

  /**
   * The last event id this store appended per saga and that {@link #forgetWrite} has not yet
   * cleared: what a reader of the global log must still see to include this process's own writes.
   */
  public Map<String, Long> pendingWrites() {
    return Map.copyOf(written);
  }

  /** Clears the write watermark of {@code sagaId} if it is still {@code lastEventId}. */
  public void forgetWrite(String sagaId, long lastEventId) {
    written.remove(sagaId, lastEventId);
  }

  /**
   * Appends {@code events} after {@code history}'s last event; they get the next ids. Throws
   * {@link dev.operon.error.ConflictException} if another writer appended first.
   */
  public long append(SagaHistory history, List<HistoryEvent> events) {
    return record(history, events).lastEventId();
  }

  /**
   * Appends {@code events} like {@link #append} and returns the history after them, so that a
   * worker that goes on with the saga need not read it again (its next append still carries the
   * expected last id, so a history changed meanwhile by another writer is caught as a conflict).
   */
  public SagaHistory record(SagaHistory history, List<HistoryEvent> events) {
    SagaHistory after = write(history, events);
    recorded(history, after);
    return after;
  }

  /**
   * Appends {@code events} like {@link #record} but does not yet hold the result or wake waiters:
   * for an append inside a transaction, whose caller calls {@link #recorded} once it commits.
   */
  SagaHistory write(SagaHistory history, List<HistoryEvent> events) {
    SagaHistory after = history.plus(events);
    List<HistoryEvent> added = after.events().subList(history.events().size(), after.events().size());
    List<NewEvent> encoded = new ArrayList<>(added.size());
    for (HistoryEvent event : added) {
      encoded.add(new NewEvent(event.eventType().typeName(), codec.encode(event),
          Map.of("category", event.category().label())));
    }
    store.append(history.sagaId(), history.lastEventId(), encoded);
    snapshots.saveIfDue(history.sagaId(), history.lastEventId(), after.events());
    return after;
  }

  /** Notes that {@code after}, appended to {@code before} by {@link #write}, is committed. */
  void recorded(SagaHistory before, SagaHistory after) {
    written.merge(before.sagaId(), after.lastEventId(), Math::max);
    remember(after);
    if (ends.watched(before.sagaId()) && after.terminal()) {
      ends.ended(after);
    }
  }

  /** The signals that wake callers waiting for a saga's end when this engine records it. */
  SagaEndSignals ends() {
    return ends;
  }
}
