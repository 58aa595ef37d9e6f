package dev.operon.tracking;

import java.util.Objects;

/**
 * One change to a tracked operation, written with others in one statement by
 * {@link OperationTracker#recordAll}: for work that learns about several operations at once (a
 * saga's transition ends one step, starts the next and may end the saga).
 *
 * @param type what happens to the operation
 * @param operation for START the operation as it starts; for PROGRESS and END its id, name,
 *     status (END: the final one), percent and message (null: left as they were), and, should
 *     the operation not be tracked yet, what it is tracked with from here
 */
public record TrackingChange(Type type, TrackedOperation operation) {

  /** What a change does. */
  public enum Type {
    /** Starts the operation unless its id is tracked already (then it changes nothing). */
    START,
    /** A heartbeat of an operation still going, with its percent and message. */
    PROGRESS,
    /** Ends an operation still going; one that ended already is left as it is. */
    END
  }

  public TrackingChange {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(operation, "operation");
  }
}
