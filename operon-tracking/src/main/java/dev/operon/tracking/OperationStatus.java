package dev.operon.tracking;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a tracked operation stands. The transitions allowed are {@link #next()}: an operation that
 * reports progress again after it was marked {@link #STALLED} returns to {@link #RUNNING};
 * {@link #SUCCEEDED}, {@link #FAILED} and {@link #CANCELED} are final, and completing an operation
 * again with the status it ended with changes nothing.
 */
public enum OperationStatus {
  /** Created, not started yet. */
  PENDING,
  /** Started; progress updates keep it here. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED,
  /** No progress for longer than its threshold; progress brings it back to RUNNING. */
  STALLED;

  /** Whether the operation has ended. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }

  /** The statuses an operation in this status may move to (itself included where repeating it is harmless). */
  public Set<OperationStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED, STALLED);
      case RUNNING, STALLED -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELED, STALLED);
      case SUCCEEDED -> EnumSet.of(SUCCEEDED);
      case FAILED -> EnumSet.of(FAILED);
      case CANCELED -> EnumSet.of(CANCELED);
    };
  }

  public boolean canMoveTo(OperationStatus status) {
    return next().contains(status);
  }
}
