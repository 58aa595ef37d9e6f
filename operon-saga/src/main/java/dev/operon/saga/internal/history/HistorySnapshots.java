package dev.operon.saga.internal.history;

import dev.operon.codec.Codec;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.Snapshot;
import dev.operon.saga.HistoryEvent;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of saga histories: every {@code interval} events, the history up to that
 * event is saved in one blob (binary codec) through the event store's snapshots, which keep a
 * SHA-256 checksum and a bounded number per saga. Loading starts from the newest snapshot and reads
 * only the events after it, so the rows a replay reads are bounded by the interval. History events
 * never change, so a snapshot of a prefix never goes stale; one that does not decode or does not
 * match its id is ignored (logged), and the history is read in full.
 */
final class HistorySnapshots {
  private static final Logger LOG = LoggerFactory.getLogger(HistorySnapshots.class);
  private static final Codec CODEC = Codec.binary();

  private final EventStore store;
  private final int interval;

  HistorySnapshots(EventStore store, int interval) {
    this.store = store;
    this.interval = interval;
  }

  /** The events of the newest usable snapshot of {@code sagaId}, oldest first (empty if none). */
  List<HistoryEvent> latest(String sagaId) {
    if (interval == 0) {
      return List.of();
    }
    Optional<Snapshot> snapshot = store.latestSnapshot(sagaId);
    if (snapshot.isEmpty()) {
      return List.of();
    }
    try {
      List<HistoryEvent> events = List.of(CODEC.decode(snapshot.get().state(), HistoryEvent[].class));
      if (events.size() != snapshot.get().lastEventId()
          || events.get(events.size() - 1).eventId() != snapshot.get().lastEventId()) {
        throw new IllegalStateException("it holds " + events.size() + " events");
      }
      return events;
    } catch (RuntimeException e) {
      LOG.warn("Ignoring the snapshot of saga {} at event {}: {}; reading the full history", sagaId,
          snapshot.get().lastEventId(), e.getMessage());
      return List.of();
    }
  }

  /** Saves a snapshot if the events after {@code previousLastId} crossed a multiple of the interval. */
  void saveIfDue(String sagaId, long previousLastId, List<HistoryEvent> history) {
    long last = history.size();
    if (interval == 0 || last / interval == previousLastId / interval) {
      return;
    }
    int upTo = (int) (last / interval * interval);
    try {
      store.saveSnapshot(sagaId, upTo, CODEC.encode(history.subList(0, upTo).toArray(HistoryEvent[]::new)));
    } catch (RuntimeException e) {
      LOG.warn("Could not save a snapshot of saga {} at event {}: {}", sagaId, upTo, e.toString());
    }
  }
}
