package dev.operon.commands;

import dev.operon.commands.internal.OperationLog;
import dev.operon.commands.internal.OperationLogs;
import dev.operon.commands.internal.OperatorEventLog;
import dev.operon.commands.internal.OutboxState;
import dev.operon.error.OperonException;
import dev.operon.spi.Backend;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The operation log and the event log (outbox) of a store as operators read them, from any
 * process: no commander, handlers or command classes needed (commands are shown as the JSON they
 * were stored as). A server or a CLI tails the log with {@link #after}, pages the event log by state
 * with {@link #eventsIn}, and re-queues discarded events with {@link #events()}; a commander on
 * any host processes a re-queued event at its next poll.
 */
public final class OperationLogView {
  /** The most rows one read returns. */
  public static final int MOST = 1_000;

  private final OperationLog log;
  private final EventLog events;

  private OperationLogView(OperationLog log, Clock clock) {
    this.log = log;
    this.events = new OperatorEventLog(log.events(), clock, () -> { });
  }

  /** The logs of {@code backend} (their tables made if missing), ages counted on {@code clock}. */
  public static OperationLogView of(Backend backend, Clock clock) {
    return new OperationLogView(OperationLogs.of(Objects.requireNonNull(backend, "backend"),
        Objects.requireNonNull(clock, "clock")), clock);
  }

  /** Up to {@code limit} (1..{@value #MOST}) operations whose index is above {@code afterIndex}, by index. */
  public List<LoggedOperation> after(long afterIndex, int limit) {
    requireLimit(limit);
    return log.rowsAfter(Math.max(0, afterIndex), limit).stream().map(row -> new LoggedOperation(row.index(),
        row.id(), row.hostId(), row.loggedAt(), row.commandType(), row.command(), row.items(), row.nested())).toList();
  }

  /** The index of the newest operation (0 if the log is empty): {@code after(newestIndex() - n, n)} is the last n. */
  public long newestIndex() {
    return log.newestIndex();
  }

  /** The event log's backlog, its oldest New event, the discarded ones and their re-queue. */
  public EventLog events() {
    return events;
  }

  /**
   * Up to {@code limit} (1..{@value #MOST}) events in {@code state} ({@code NEW}, {@code PROCESSED}
   * or {@code DISCARDED}), by due time then id, after {@code after} (the last entry of the previous
   * page; null for the first page).
   */
  public List<EventLogEntry> eventsIn(String state, EventLogEntry after, int limit) {
    requireLimit(limit);
    OutboxState parsed;
    try {
      parsed = OutboxState.valueOf(Objects.requireNonNull(state, "state").strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw OperonException.invalid("Unknown event state '" + state + "': states are "
          + Arrays.toString(OutboxState.values()));
    }
    Instant afterDue = after == null ? null : after.delayUntil();
    return log.events().inState(parsed, afterDue, after == null ? null : after.id(), limit);
  }

  private static void requireLimit(int limit) {
    if (limit < 1 || limit > MOST) {
      throw OperonException.invalid("limit must be within 1.." + MOST + ", was " + limit);
    }
  }
}
