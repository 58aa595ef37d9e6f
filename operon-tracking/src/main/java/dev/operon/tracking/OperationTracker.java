package dev.operon.tracking;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tracks operations: start one, report its progress (which is its heartbeat), record evidence, and
 * complete it; read its snapshot, its events and the operations related to it. Bad input (a blank
 * or badly formed name, a percent outside 0–100, an unknown id, an illegal status change) is a
 * VALIDATION error that says what was wrong, and nothing is stored.
 */
public interface OperationTracker {

  /**
   * Starts a RUNNING operation; returns its id. {@code correlationId}, {@code parentId} and
   * {@code tags} may be null.
   */
  String start(String name, String correlationId, String parentId, Map<String, String> tags);

  /**
   * Starts a RUNNING operation under the caller's {@code id} (a saga's id, say: 1–200 characters),
   * so that work redelivered or replayed starts it once: an id tracked already is left as it is and
   * the call returns false.
   */
  boolean startAs(String id, String name, String correlationId, String parentId, Map<String, String> tags);

  /**
   * Records work that has already ended (a command that ran within one transaction, say) in one
   * write: {@code ended} must have a final status and a valid name; an id tracked already is left as
   * it is and the call returns false. Its version is 1 whatever {@code ended} says.
   */
  boolean recordEnded(TrackedOperation ended);

  /**
   * Writes {@code changes} in order, in one statement where the store can. Unlike the calls one at a
   * time, nothing is refused for the state it finds: a start of an id tracked already, a progress
   * or an end of an operation that ended, change nothing; a progress or an end of an operation not
   * tracked yet tracks it from there (work whose tracking began midway). Names and ids are checked
   * as everywhere, and a bad one refuses the whole list.
   */
  void recordAll(java.util.List<TrackingChange> changes);

  /** Reports progress (percent 0–100, or null to leave it) and a message; a STALLED operation returns to RUNNING. */
  void updateProgress(String id, Integer percent, String message);

  /** Records evidence on the operation's timeline. */
  void addEvent(String id, String kind, String message, String dataJson);

  /** Ends the operation; ending it again with the same status changes nothing, with another is an error. */
  void complete(String id, OperationStatus status, String message);

  Optional<TrackedOperation> snapshot(String id);

  /** The operation's events, oldest first. */
  List<TrackingEvent> timeline(String id);

  /** Every operation of a correlation id, by start. */
  List<TrackedOperation> correlated(String correlationId);

  /** The operations started with {@code parentId} as their parent, by start. */
  List<TrackedOperation> children(String parentId);
}
