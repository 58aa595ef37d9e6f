package dev.operon.inmemory;

import dev.operon.error.ConflictException;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.Snapshot;
import dev.operon.eventstore.StoredEvent;
import dev.operon.eventstore.StreamPrefix;
import dev.operon.spi.BackendOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventStore} in memory, for tests and embedded use without persistence. One lock guards
 * everything; positions are assigned under it, so the global order has no gaps and readers never
 * miss an event.
 */
public final class InMemoryEventStore implements EventStore {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventStore.class);

  private final Clock clock;
  private final int maxSnapshots;
  private final Map<String, List<StoredEvent>> streams = new HashMap<>();
  private final List<StoredEvent> log = new ArrayList<>();
  private final Map<String, List<Snapshot>> snapshots = new HashMap<>();

  /** A store on {@code options}' clock that keeps {@code options.maxSnapshots()} per stream. */
  public InMemoryEventStore(BackendOptions options) {
    this.clock = options.clock();
    this.maxSnapshots = options.maxSnapshots();
  }

  @Override
  public synchronized long append(String stream, long expectedLastId, List<NewEvent> events) {
    requireStream(stream);
    if (events == null || events.isEmpty()) {
      throw OperonException.invalid("Append to stream '" + stream + "' needs at least one event, got none");
    }
    if (expectedLastId < 0) {
      throw OperonException.invalid("expectedLastId must be >= 0 (0 for a new stream), was " + expectedLastId);
    }
    events.forEach(e -> Objects.requireNonNull(e, "events must not contain null"));
    List<StoredEvent> history = streams.getOrDefault(stream, List.of());
    if (history.size() != expectedLastId) {
      throw new ConflictException(stream, expectedLastId, history.size());
    }
    Instant now = clock.instant();
    List<StoredEvent> target = streams.computeIfAbsent(stream, k -> new ArrayList<>());
    long id = expectedLastId;
    for (NewEvent event : events) {
      id++;
      StoredEvent stored = new StoredEvent(stream, id, log.size() + 1L, event.type(),
          event.payload().clone(), event.metadata(), now);
      target.add(stored);
      log.add(stored);
    }
    return id;
  }

  @Override
  public synchronized List<StoredEvent> read(String stream, long afterId, int limit) {
    List<StoredEvent> history = streams.getOrDefault(stream, List.of());
    return copies(history, (int) Math.min(Math.max(afterId, 0), history.size()), limit);
  }

  @Override
  public synchronized List<StoredEvent> readAll(long afterPosition, int limit) {
    return copies(log, (int) Math.min(Math.max(afterPosition, 0), log.size()), limit);
  }

  @Override
  public synchronized List<StoredEvent> readAll(long afterPosition, int limit, StreamPrefix prefix) {
    Objects.requireNonNull(prefix, "prefix");
    requireLimit(limit);
    List<StoredEvent> matching = new ArrayList<>();
    int from = (int) Math.min(Math.max(afterPosition, 0), log.size());
    for (int i = from; i < log.size() && matching.size() < limit; i++) {
      if (prefix.matches(log.get(i).stream())) {
        matching.add(log.get(i));
      }
    }
    return copies(matching, 0, limit);
  }

  private static List<StoredEvent> copies(List<StoredEvent> events, int from, int limit) {
    requireLimit(limit);
    int to = (int) Math.min((long) from + limit, events.size());
    List<StoredEvent> result = new ArrayList<>(to - from);
    for (StoredEvent e : events.subList(from, to)) {
      result.add(new StoredEvent(e.stream(), e.id(), e.position(), e.type(), e.payload().clone(),
          e.metadata(), e.recordedAt()));
    }
    return result;
  }

  @Override
  public synchronized long currentId(String stream) {
    return streams.getOrDefault(stream, List.of()).size();
  }

  @Override
  public synchronized boolean exists(String stream) {
    return !streams.getOrDefault(stream, List.of()).isEmpty();
  }

  @Override
  public synchronized Snapshot saveSnapshot(String stream, long lastEventId, byte[] state) {
    requireStream(stream);
    Objects.requireNonNull(state, "state");
    if (lastEventId < 0) {
      throw OperonException.invalid("Snapshot lastEventId must be >= 0, was " + lastEventId);
    }
    byte[] copy = state.clone();
    Snapshot snapshot = new Snapshot(stream, lastEventId, copy, Snapshot.checksumOf(copy), clock.instant());
    List<Snapshot> kept = snapshots.computeIfAbsent(stream, k -> new ArrayList<>());
    kept.removeIf(old -> old.lastEventId() == lastEventId);
    kept.add(snapshot);
    kept.sort(java.util.Comparator.comparingLong(Snapshot::lastEventId));
    while (kept.size() > maxSnapshots) {
      kept.remove(0);
    }
    return copyOf(snapshot);
  }

  @Override
  public synchronized Optional<Snapshot> latestSnapshot(String stream) {
    List<Snapshot> kept = snapshots.getOrDefault(stream, List.of());
    for (int i = kept.size() - 1; i >= 0; i--) {
      Snapshot snapshot = kept.get(i);
      if (snapshot.intact()) {
        return Optional.of(copyOf(snapshot));
      }
      LOG.warn("Snapshot of stream '{}' at event {} does not match its checksum; ignoring it",
          stream, snapshot.lastEventId());
    }
    return Optional.empty();
  }

  @Override
  public synchronized int snapshotCount(String stream) {
    return snapshots.getOrDefault(stream, List.of()).size();
  }

  private static Snapshot copyOf(Snapshot s) {
    return new Snapshot(s.stream(), s.lastEventId(), s.state().clone(), s.checksum(), s.createdAt());
  }

  private static void requireStream(String stream) {
    if (stream == null || stream.isBlank()) {
      throw OperonException.invalid("Stream name must not be blank, was '" + stream + "'");
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 0) {
      throw OperonException.invalid("limit must be >= 0, was " + limit);
    }
  }
}
