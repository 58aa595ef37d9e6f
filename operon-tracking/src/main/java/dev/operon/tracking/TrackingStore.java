package dev.operon.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where tracked operations and their events are kept; the same behaviour on every store (the contract suite). */
public interface TrackingStore {

  void insert(TrackedOperation operation);

  /**
   * Inserts {@code operation} unless an operation of its id exists already or its parent (if it
   * names one) does not; true if it inserted. One write: the caller reads only to explain a refusal.
   */
  boolean insertIfAbsent(TrackedOperation operation);

  Optional<TrackedOperation> find(String id);

  /**
   * Replaces the operation whose version is {@code next.version() - 1} with {@code next}; false if
   * it changed in between (the caller reads it again and decides again).
   */
  boolean update(TrackedOperation next);

  /**
   * In one write, a heartbeat of an operation that is PENDING, RUNNING or STALLED: it becomes
   * RUNNING, its last update is now (the store's clock, or {@code at} on a store given a clock), its
   * percent and message are replaced when not null, its version grows; false if no such operation is
   * going (unknown or ended: the caller reads it to say which).
   */
  boolean progress(String id, Integer percent, String message, Instant at);

  /**
   * In one write, ends an operation that is PENDING, RUNNING or STALLED with {@code status} and
   * {@code message} at now (as {@link #progress}); the operation as ended, or empty if no such
   * operation is going.
   */
  Optional<TrackedOperation> finish(String id, OperationStatus status, String message, Instant at);

  /**
   * Writes {@code changes} (checked by the caller) in order as {@link OperationTracker#recordAll}
   * describes, at {@code at} (or the store's clock); one write each by default.
   */
  default void applyAll(List<TrackingChange> changes, Instant at) {
    for (TrackingChange change : changes) {
      TrackedOperation operation = change.operation();
      boolean written = switch (change.type()) {
        case START -> insertIfAbsent(operation) || find(operation.id()).isPresent();
        case PROGRESS -> progress(operation.id(), operation.percent(), operation.message(), at)
            || find(operation.id()).isPresent();
        case END -> finish(operation.id(), operation.status(), operation.message(), at).isPresent()
            || find(operation.id()).isPresent();
      };
      if (!written) {
        // not tracked yet, or its parent is not: tracked from here, without the parent it lacks
        insertIfAbsent(operation.withParent(null));
      }
    }
  }

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

  /**
   * Deletes up to {@code limit} operations that ended with {@code status} (any final status if null)
   * before {@code cutoff}, with their events; returns how many.
   */
  int trimFinished(OperationStatus status, Instant cutoff, int limit);
}
