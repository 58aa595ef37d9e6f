package dev.operon.saga.internal.history;

import dev.operon.codec.Codec;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.StoredEvent;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.observe.SagaObserver;
import dev.operon.saga.internal.visibility.SagaRow;
import dev.operon.saga.internal.visibility.SagaVisibilities;
import dev.operon.saga.internal.visibility.SagaVisibility;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saga histories on the {@link EventStore} port: one stream per saga (stream id = saga id), each
 * event's JSON in the payload, its type name as the stored type and its category in the metadata.
 */
public final class HistoryStore {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HistoryStore.class);

  /** Histories held to spare their reloads (the sagas this engine moved last). */
  private static final int HELD_HISTORIES = 4096;

  /** Events between snapshots by default. */
  public static final int DEFAULT_SNAPSHOT_INTERVAL = 100;

  private final EventStore store;
  private final HistorySnapshots snapshots;
  private final SagaVisibility visibility;
  private final dev.operon.spi.Transactor transactor;
  private final Codec codec = Codec.json();
  private final SagaEndSignals ends = new SagaEndSignals();
  private volatile SagaObserver observer = new SagaObserver() { };
  /** The histories this engine appended or read last, least recently used dropped first. */
  private final Map<String, SagaHistory> recent = Collections.synchronizedMap(
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SagaHistory> eldest) {
          return size() > HELD_HISTORIES;
        }
      });

  /**
   * Histories on {@code store} with a snapshot every {@value #DEFAULT_SNAPSHOT_INTERVAL} events, and
   * the visibility store that goes with it (see {@link SagaVisibilities#forEventStore}).
   */
  public HistoryStore(EventStore store) {
    this(store, DEFAULT_SNAPSHOT_INTERVAL, SagaVisibilities.forEventStore(store), dev.operon.spi.Transactor.direct());
  }

  /** Histories on {@code store} with a snapshot every {@code snapshotInterval} events (0: none). */
  public HistoryStore(EventStore store, int snapshotInterval) {
    this(store, snapshotInterval, SagaVisibilities.forEventStore(store), dev.operon.spi.Transactor.direct());
  }

  /**
   * Histories on {@code store} with a snapshot every {@code snapshotInterval} events (0: none),
   * whose appends write their saga's row to {@code visibility}: in one {@code transactor}
   * transaction with the append (joining the caller's, if one is open on this thread).
   */
  public HistoryStore(EventStore store, int snapshotInterval, SagaVisibility visibility,
      dev.operon.spi.Transactor transactor) {
    this.store = store;
    this.snapshots = new HistorySnapshots(store, snapshotInterval);
    this.visibility = visibility;
    this.transactor = transactor;
  }

  /** Hands every append to {@code value} (see {@link SagaObserver}), from now on. */
  public void observe(SagaObserver value) {
    this.observer = java.util.Objects.requireNonNull(value, "observer");
  }

  /** The visibility store the appends write to. */
  public SagaVisibility visibility() {
    return visibility;
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

  /** {@link #record(SagaHistory, List)} with the history after the append already built. */
  public SagaHistory record(SagaHistory history, SagaHistory after) {
    SagaHistory written = write(history, after);
    recorded(history, written);
    return written;
  }

  /**
   * Appends {@code events} like {@link #record} but does not yet hold the result or wake waiters:
   * for an append inside a transaction, whose caller calls {@link #recorded} once it commits.
   */
  public SagaHistory write(SagaHistory history, List<HistoryEvent> events) {
    return write(history, history.plus(events));
  }

  /** {@link #write(SagaHistory, List)} with the history after the append already built ({@code history.plus(events)}). */
  public SagaHistory write(SagaHistory history, SagaHistory after) {
    List<HistoryEvent> added = after.events().subList(history.events().size(), after.events().size());
    List<NewEvent> encoded = new ArrayList<>(added.size());
    for (HistoryEvent event : added) {
      encoded.add(new NewEvent(event.eventType().typeName(), codec.encode(event),
          Map.of("category", event.category().label())));
    }
    SagaRow row = SagaRow.of(history, after, added);
    if (alone(row)) {
      // nothing but the events to write: outside a caller's transaction, the append goes to the
      // event store's group commit and shares one statement and one commit with concurrent ones
      store.append(history.sagaId(), history.lastEventId(), encoded);
      visibility.record(row);
      observe(history, added);
    } else {
      transactor.inTransaction(() -> {
        store.append(history.sagaId(), history.lastEventId(), encoded);
        visibility.record(row);
        observe(history, added);
        return null;
      });
    }
    snapshots.saveIfDue(history.sagaId(), history.lastEventId(), after.events());
    return after;
  }

  /**
   * Whether the append that makes {@code after} of {@code history} writes nothing but the events: the saga's
   * summary keeps its state, block, links and search attributes (the visibility store writes
   * nothing for it), and the observer writes nothing either.
   */
  public boolean writesEventsAlone(SagaHistory history, SagaHistory after) {
    return alone(SagaRow.of(history, after, after.events().subList(history.events().size(), after.events().size())));
  }

  private boolean alone(SagaRow row) {
    // a visibility store writes no row for progress alone (see SagaRow#progressOnly)
    return row.progressOnly() && !observer.writes();
  }

  /**
   * Hands an append to the observer: inside its transaction where the backend has them (a failure
   * rolls the append back), else after it, when a failure can no longer undo it and is logged.
   */
  private void observe(SagaHistory before, List<HistoryEvent> added) {
    if (transactor.atomic()) {
      observer.written(before, added);
      return;
    }
    try {
      observer.written(before, added);
    } catch (RuntimeException e) {
      LOG.warn("Saga {}: what observes its history (operation tracking) failed after its append: {}",
          before.sagaId(), e.toString());
    }
  }

  /** Notes that {@code after}, appended to {@code before} by {@link #write}, is committed. */
  public void recorded(SagaHistory before, SagaHistory after) {
    remember(after);
    try {
      observer.committed(before, after);
    } catch (RuntimeException e) {
      LOG.warn("Saga {}: what observes its history (metrics) failed: {}", after.sagaId(), e.toString());
    }
    if (after.terminal() && !before.terminal()) {
      ends.ended(after);
    }
  }

  /**
   * Announces the ends this engine records on {@code notifier} and wakes this engine's result
   * waiters when another engine announces one; closing the result stops both.
   */
  public Subscription announceEndsOn(ChangeNotifier notifier) {
    return ends.announceOn(notifier);
  }

  /** The signals that wake callers waiting for a saga's end when this engine records it. */
  public SagaEndSignals ends() {
    return ends;
  }
}
