package dev.operon.commands.internal;

import java.time.Instant;

/** An event of the event log as stored; {@code claimedBy} and {@code claimedUntil} are null while no reader holds it. */
public record OutboxEntry(String id, OutboxState state, long version, Instant loggedAt, Instant delayUntil,
    String valueType, String value, int attempts, String lastError, String claimedBy, Instant claimedUntil) {

  OutboxEntry(String id, OutboxState state, long version, Instant loggedAt, Instant delayUntil, String valueType,
      String value) {
    this(id, state, version, loggedAt, delayUntil, valueType, value, 0, null, null, null);
  }

  /** This entry as the public view shows it. */
  public dev.operon.commands.EventLogEntry view() {
    return new dev.operon.commands.EventLogEntry(id, state.name(), attempts, loggedAt, delayUntil, valueType,
        lastError);
  }
}
