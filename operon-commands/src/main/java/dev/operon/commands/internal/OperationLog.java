package dev.operon.commands.internal;

import java.util.List;
import java.util.Optional;

/**
 * Where persistent operations and their events are stored: the operation log and the event log
 * (outbox) of a database, or their in-memory counterparts.
 */
public interface OperationLog {

  /** Opens the scope of a persistent operation: on a database, its transaction. */
  StoredScope begin();

  /**
   * A row of the operation log as a reader sees it: its index and host, and the operation decoded,
   * or null for a row of the host the reader skips (a host never completes its own operations
   * again, so decoding them would be wasted work).
   */
  record Entry(long index, String hostId, OperationState operation) {}

  /** Up to {@code limit} stored operations whose index is above {@code afterIndex}, by index. */
  default List<OperationState> after(long afterIndex, int limit) {
    return entriesAfter(afterIndex, limit, null).stream().map(Entry::operation).toList();
  }

  /** The stored operations among {@code indexes} (those not stored are left out), by index. */
  default List<OperationState> byIndexes(java.util.Collection<Long> indexes) {
    return entriesAt(indexes, null).stream().map(Entry::operation).toList();
  }

  /**
   * Up to {@code limit} rows whose index is above {@code afterIndex}, by index; those of host
   * {@code skippedHost} (none if null) are not decoded.
   */
  List<Entry> entriesAfter(long afterIndex, int limit, String skippedHost);

  /** The rows among {@code indexes} (those not stored are left out), by index; as {@link #entriesAfter}. */
  List<Entry> entriesAt(java.util.Collection<Long> indexes, String skippedHost);

  /**
   * Where a reader that starts at {@code at} begins: just before the first operation logged at or
   * after it, or after the last one if none was (0 for an empty log).
   */
  long lastIndexBefore(java.time.Instant at);

  /**
   * A row of the operation log as stored, decoded by nobody: its command, items and nested
   * operations as JSON, so that a process without the command classes (a server, a CLI) can show it.
   */
  record Row(long index, String id, String hostId, java.time.Instant loggedAt, String commandType, String command,
      String items, String nested) {}

  /** Up to {@code limit} rows whose index is above {@code afterIndex}, by index, undecoded. */
  List<Row> rowsAfter(long afterIndex, int limit);

  /** The index of the newest operation (0 if the log is empty). */
  long newestIndex();

  /** The index of the oldest operation kept (0 if the log is empty). */
  long oldestIndex();

  /** The stored operation {@code id}. */
  Optional<OperationState> byId(String id);

  /** The event {@code id} of the event log. */
  Optional<OutboxEntry> event(String id);

  /** Deletes up to {@code limit} operations logged before {@code cutoff}, oldest first; returns how many. */
  int trimOperations(java.time.Instant cutoff, int limit);

  /** Deletes up to {@code limit} processed or discarded events due before {@code cutoff}; returns how many. */
  int trimEvents(java.time.Instant cutoff, int limit);

  /** The processing side of the event log. */
  EventLogStore events();

  /**
   * Whether {@code failure} (or one of its causes) goes away by itself when the command runs again:
   * an optimistic-concurrency conflict, and on a database a serialization failure or a deadlock.
   */
  default boolean isTransientFailure(Throwable failure) {
    for (Throwable e = failure; e != null && e.getCause() != e; e = e.getCause()) {
      if (e instanceof dev.operon.error.OperonException operon && operon.kind() == dev.operon.error.ErrorKind.CONCURRENCY) {
        return true;
      }
    }
    return false;
  }
}
