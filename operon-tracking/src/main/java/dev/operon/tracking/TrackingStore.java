package dev.operon.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where tracked operations and their events are kept; the same behaviour on every store (the contract suite). */
public interface TrackingStore {

  void insert(TrackedOperation operation);

  Optional<TrackedOperation> find(String id);

  /**
   * Replaces the operation whose version is {@code next.version() - 1} with {@code next}; false if
   * it changed in between (the caller reads it again and decides again).
   */
  boolean update(TrackedOperation next);

  void addEvent(TrackingEvent event);

  /** The events of an operation, oldest first. */
  List<TrackingEvent> events(String operationId);

  /** The operations of a correlation id, by start. */
  List<TrackedOperation> byCorrelation(String correlationId);

  /** The children of an operation, by start. */
  List<TrackedOperation> children(String parentId);

  /**
   * Running or pending operations whose last update is older than {@code threshold} by the store's
   * own clock (the database's, on a database), oldest first, at most {@code limit}.
   */
  List<TrackedOperation> findStalled(Duration threshold, int limit);

  /** Deletes up to {@code limit} operations that ended before {@code cutoff}, with their events; returns how many. */
  int trimFinished(Instant cutoff, int limit);
}
