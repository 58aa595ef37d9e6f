package dev.operon.commands;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an outermost command did, as one unit: its command, its items, the commands it ran inside
 * (nested operations) and the events it stores. Transient until its command makes it persistent
 * ({@link CommandContext#persist()}); a persistent operation is written to the operation log in the
 * transaction of the command's business writes and replayed on every other host.
 */
public interface Operation {

  /**
   * A ULID; a transient operation's ends with {@code -local}. It loses that suffix when the
   * operation becomes persistent.
   */
  String id();

  /** The host that ran the command. */
  String hostId();

  /** When its command committed (empty while it runs). */
  Optional<Instant> loggedAt();

  /** The outermost command. */
  Command<?> command();

  /** Values stored with the operation and handed to its handlers on every host in invalidation mode. */
  Items items();

  /** The commands run inside the outermost one, in the order they ended. */
  List<NestedOperation> nestedOperations();

  /** The events it stores in the event log when it commits. */
  List<OperationEvent> events();

  /** Whether it stays in memory (not written to the operation log, not replayed elsewhere). */
  boolean isTransient();

  /**
   * Whether a persistent operation is written to the operation log (default true). With false,
   * its transaction commits the business writes and events but no operation row, and no other
   * host replays it.
   */
  boolean mustStore();

  /** Sets {@link #mustStore()}. */
  void mustStore(boolean store);

  /**
   * Adds {@code event} to the events stored with the operation. A VALIDATION error if the
   * operation is transient: make it persistent first ({@link CommandContext#persist()}).
   */
  OperationEvent addEvent(OperationEvent event);

  /** Adds an event carrying {@code value} (see {@link #addEvent(OperationEvent)}). */
  default OperationEvent addEvent(Object value) {
    return addEvent(value instanceof OperationEvent event ? event : OperationEvent.of(value));
  }

  /** Its position in the operation log, once stored (0 before, and for a transient operation). */
  long index();
}
