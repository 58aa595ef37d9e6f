package dev.operon.commands.internal;

import java.time.Instant;

/**
 * An event of the event log as stored; {@code claimedBy} and {@code claimedUntil} are null while no
 * reader holds it; {@code headers} (JSON, null for none) carry the correlation and trace of the
 * command whose operation stored it.
 */
public record OutboxEntry(String id, OutboxState state, long version, Instant loggedAt, Instant delayUntil,
    String valueType, String value, int attempts, String lastError, String claimedBy, Instant claimedUntil,
    String headers) {

  OutboxEntry(String id, OutboxState state, long version, Instant loggedAt, Instant delayUntil, String valueType,
      String value, String headers) {
    this(id, state, version, loggedAt, delayUntil, valueType, value, 0, null, null, null, headers);
  }

  /** This entry as the public view shows it. */
  public dev.operon.commands.EventLogEntry view() {
    return new dev.operon.commands.EventLogEntry(id, state.name(), attempts, loggedAt, delayUntil, valueType,
        lastError);
  }
}
