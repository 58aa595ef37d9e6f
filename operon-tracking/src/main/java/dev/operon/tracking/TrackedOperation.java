package dev.operon.tracking;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a tracked operation looks like now: its name, status, when it started, was last updated
 * (its heartbeat) and completed, its progress and message, its correlation and parent, its tags,
 * and a version that grows with every change.
 */
public record TrackedOperation(String id, String name, OperationStatus status, Instant startedAt, Instant updatedAt,
    Instant completedAt, Integer percent, String message, String correlationId, String parentId,
    Map<String, String> tags, long version) {

  public TrackedOperation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    message = message == null || message.isBlank() ? null : message;
  }

  /** This operation with {@code parentId} as its parent (null: none). */
  public TrackedOperation withParent(String parentId) {
    return new TrackedOperation(id, name, status, startedAt, updatedAt, completedAt, percent, message, correlationId,
        parentId, tags, version);
  }

  /** This operation as {@code status} at {@code at} (ended then if the status is final), one version on. */
  public TrackedOperation with(OperationStatus status, Instant at, Integer percent, String message) {
    return new TrackedOperation(id, name, status, startedAt, at, status.terminal() ? at : null, percent, message,
        correlationId, parentId, tags, version + 1);
  }
}
