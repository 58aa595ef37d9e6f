package dev.operon.tracking.internal;

import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.TrackingEvent;
import dev.operon.tracking.TrackingStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link TrackingStore} in memory, on a clock of its own. */
public final class InMemoryTrackingStore implements TrackingStore {
  private final Clock clock;
  private final Map<String, TrackedOperation> operations = new LinkedHashMap<>();
  private final Map<String, List<TrackingEvent>> events = new LinkedHashMap<>();

  public InMemoryTrackingStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void insert(TrackedOperation operation) {
    if (operations.putIfAbsent(operation.id(), operation) != null) {
      throw new IllegalStateException("operation " + operation.id() + " exists already");
    }
  }

  @Override
  public synchronized boolean insertIfAbsent(TrackedOperation operation) {
    if (operation.parentId() != null && !operations.containsKey(operation.parentId())) {
      return false;
    }
    return operations.putIfAbsent(operation.id(), operation) == null;
  }

  @Override
  public synchronized boolean progress(String id, Integer percent, String message, Instant at) {
    TrackedOperation current = operations.get(id);
    if (current == null || current.status().terminal()) {
      return false;
    }
    operations.put(id, current.with(OperationStatus.RUNNING, clock.instant(),
        percent != null ? percent : current.percent(), message != null ? message : current.message()));
    return true;
  }

  @Override
  public synchronized Optional<TrackedOperation> finish(String id, OperationStatus status, String message, Instant at) {
    TrackedOperation current = operations.get(id);
    if (current == null || current.status().terminal()) {
      return Optional.empty();
    }
    TrackedOperation done = current.with(status, clock.instant(), current.percent(), message);
    operations.put(id, done);
    return Optional.of(done);
  }

  @Override
  public synchronized Optional<TrackedOperation> find(String id) {
    return Optional.ofNullable(operations.get(id));
  }

  @Override
  public synchronized boolean update(TrackedOperation next) {
    TrackedOperation current = operations.get(next.id());
    if (current == null || current.version() != next.version() - 1) {
      return false;
    }
    operations.put(next.id(), next);
    return true;
  }

  @Override
  public synchronized void addEvent(TrackingEvent event) {
    events.computeIfAbsent(event.operationId(), id -> new ArrayList<>()).add(event);
  }

  @Override
  public synchronized List<TrackingEvent> events(String operationId) {
    return List.copyOf(events.getOrDefault(operationId, List.of()));
  }

  @Override
  public synchronized List<TrackedOperation> byCorrelation(String correlationId) {
    return operations.values().stream().filter(o -> correlationId.equals(o.correlationId()))
        .sorted(Comparator.comparing(TrackedOperation::startedAt).thenComparing(TrackedOperation::id)).toList();
  }

  @Override
  public synchronized List<TrackedOperation> children(String parentId) {
    return operations.values().stream().filter(o -> parentId.equals(o.parentId()))
        .sorted(Comparator.comparing(TrackedOperation::startedAt).thenComparing(TrackedOperation::id)).toList();
  }

  @Override
  public synchronized List<TrackedOperation> findStalled(Duration threshold, int limit) {
    Instant cutoff = clock.instant().minus(threshold);
    return operations.values().stream()
        .filter(o -> !o.status().terminal() && o.status() != OperationStatus.STALLED)
        .filter(o -> o.updatedAt().isBefore(cutoff))
        .sorted(Comparator.comparing(TrackedOperation::updatedAt)).limit(limit).toList();
  }

  @Override
  public synchronized int trimFinished(OperationStatus status, Instant cutoff, int limit) {
    List<String> gone = operations.values().stream()
        .filter(o -> o.completedAt() != null && o.completedAt().isBefore(cutoff))
        .filter(o -> status == null || o.status() == status).limit(limit)
        .map(TrackedOperation::id).toList();
    gone.forEach(id -> {
      operations.remove(id);
      events.remove(id);
    });
    return gone.size();
  }
}
