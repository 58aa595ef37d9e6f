package dev.operon.commands;

import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An event an operation stores in the event log (the outbox), in the transaction of the operation,
 * for the event log reader to process once it is due. Its value is any object Jackson encodes; a
 * value that is a {@link Command} is run through the commander as an outermost command.
 *
 * @param id unique in the event log (a ULID unless chosen)
 * @param value what the event carries
 * @param delayUntil when it becomes due (null: when its operation commits)
 * @param onConflict what storing it does when an event with the same id exists
 */
public record OperationEvent(String id, Object value, Instant delayUntil, ConflictStrategy onConflict) {
  private static final IdGenerator IDS = IdGenerator.system();

  public OperationEvent {
    if (id == null || id.isBlank()) {
      throw OperonException.invalid("An operation event's id must not be blank (got " + id + ")");
    }
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(onConflict, "onConflict");
  }

  /** An event carrying {@code value}, with a new id, due when its operation commits. */
  public static OperationEvent of(Object value) {
    return new OperationEvent(IDS.next(), value, null, ConflictStrategy.FAIL);
  }

  /** This event with id {@code id}. */
  public OperationEvent withId(String id) {
    return new OperationEvent(id, value, delayUntil, onConflict);
  }

  /** This event due at {@code at}. */
  public OperationEvent delayedUntil(Instant at) {
    return new OperationEvent(id, value, Objects.requireNonNull(at, "at"), onConflict);
  }

  /**
   * This event due at {@code at} rounded up to a multiple of {@code quantum}, with the id
   * {@code <prefix>-at-<due epoch millis in hex>} and {@link ConflictStrategy#SKIP}: every event
   * of the same prefix asked for within one quantum becomes one event (a time-bucketed dedup).
   */
  public OperationEvent delayedUntil(Instant at, Duration quantum, String prefix) {
    Objects.requireNonNull(at, "at");
    if (quantum == null || quantum.isNegative() || quantum.isZero()) {
      throw OperonException.invalid("The quantum of a delayed event must be positive (got " + quantum + ")");
    }
    if (prefix == null || prefix.isBlank()) {
      throw OperonException.invalid("The id prefix of a delayed event must not be blank (got " + prefix + ")");
    }
    long step = quantum.toMillis();
    long millis = Math.ceilDiv(at.toEpochMilli(), step) * step;
    return new OperationEvent(prefix + "-at-" + Long.toHexString(millis), value, Instant.ofEpochMilli(millis),
        ConflictStrategy.SKIP);
  }

  /** This event with conflict strategy {@code strategy}. */
  public OperationEvent onConflict(ConflictStrategy strategy) {
    return new OperationEvent(id, value, delayUntil, strategy);
  }
}
