package dev.operon.commands.internal;

import dev.operon.commands.ConflictStrategy;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operation log and event log in memory, shared by the commanders of one in-memory backend.
 * Operations go through the same JSON as on a database, so what a handler reads back in
 * invalidation mode is what another host would read.
 */
public final class InMemoryOperationLog implements OperationLog, EventLogStore {
  private final List<Stored> operations = new ArrayList<>();
  private long trimmed;
  private final Map<String, OutboxEntry> events = new LinkedHashMap<>();
  /** How many New events were logged at each instant: the backlog and its oldest, without a scan. */
  private final java.util.TreeMap<Instant, Integer> newByLoggedAt = new java.util.TreeMap<>();
  private long backlog;

  private record Stored(long index, String id, String hostId, Instant loggedAt, EncodedOperation encoded) {}

  @Override
  public StoredScope begin() {
    return new StoredScope() {
      @Override
      public void commit(OperationState operation, Instant now, CommitVerification verification) {
        operation.loggedAt(now);
        store(operation, EncodedOperation.of(operation, now), now);
      }

      @Override
      public void rollback() {
        // nothing was written before the commit
      }
    };
  }

  private synchronized void store(OperationState operation, EncodedOperation encoded, Instant now) {
    for (EncodedOperation.EncodedEvent event : encoded.events()) {
      if (event.onConflict() == ConflictStrategy.FAIL && events.containsKey(event.id())) {
        throw new OperonException(ErrorKind.OPERATION_LOG, "Event " + event.id() + " of operation "
            + operation.id() + " is in the event log already; choose another id or a conflict strategy");
      }
    }
    for (EncodedOperation.EncodedEvent event : encoded.events()) {
      OutboxEntry existing = events.get(event.id());
      if (existing == null) {
        put(new OutboxEntry(event.id(), OutboxState.NEW, 1, now, event.delayUntil(),
            event.valueType(), event.value(), event.headers()));
      } else if (event.onConflict() == ConflictStrategy.UPDATE && existing.state() == OutboxState.NEW) {
        put(new OutboxEntry(event.id(), OutboxState.NEW, existing.version() + 1,
            existing.loggedAt(), event.delayUntil(), event.valueType(), event.value(), existing.attempts(),
            existing.lastError(), null, null, event.headers()));
      }
    }
    if (operation.mustStore()) {
      long index = trimmed + operations.size() + 1L;
      operations.add(new Stored(index, operation.id(), operation.hostId(), now, encoded));
      operation.index(index);
    } else {
      String marker = EncodedOperation.markerId(operation.id());
      put(new OutboxEntry(marker, OutboxState.PROCESSED, 1, now, now, "", "null", null));
    }
  }

  /** Stores {@code entry} in place of the event of its id, keeping the count of New events. */
  private void put(OutboxEntry entry) {
    OutboxEntry previous = events.put(entry.id(), entry);
    if (previous != null && previous.state() == OutboxState.NEW) {
      backlog--;
      newByLoggedAt.computeIfPresent(previous.loggedAt(), (at, count) -> count == 1 ? null : count - 1);
    }
    if (entry.state() == OutboxState.NEW) {
      backlog++;
      newByLoggedAt.merge(entry.loggedAt(), 1, Integer::sum);
    }
  }

  @Override
  public synchronized List<Entry> entriesAfter(long afterIndex, int limit, String skippedHost) {
    List<Entry> found = new ArrayList<>();
    for (int i = (int) Math.max(0, afterIndex - trimmed); i < operations.size() && found.size() < limit; i++) {
      found.add(entry(operations.get(i), skippedHost));
    }
    return found;
  }

  @Override
  public synchronized List<Entry> entriesAt(java.util.Collection<Long> indexes, String skippedHost) {
    return indexes.stream().sorted().filter(i -> i > trimmed && i <= trimmed + operations.size())
        .map(i -> entry(operations.get((int) (i - trimmed - 1)), skippedHost)).toList();
  }

  private static Entry entry(Stored stored, String skippedHost) {
    return new Entry(stored.index(), stored.hostId(), stored.hostId().equals(skippedHost) ? null : decode(stored));
  }

  @Override
  public synchronized List<Row> rowsAfter(long afterIndex, int limit) {
    List<Row> found = new ArrayList<>();
    for (int i = (int) Math.max(0, afterIndex - trimmed); i < operations.size() && found.size() < limit; i++) {
      Stored stored = operations.get(i);
      EncodedOperation e = stored.encoded();
      found.add(new Row(stored.index(), stored.id(), stored.hostId(), stored.loggedAt(), e.commandType(), e.command(),
          e.items(), e.nested()));
    }
    return found;
  }

  @Override
  public synchronized long newestIndex() {
    return trimmed + operations.size();
  }

  @Override
  public synchronized long lastIndexBefore(Instant at) {
    long last = 0;
    for (Stored stored : operations) {
      if (stored.loggedAt().isBefore(at)) {
        last = stored.index();
      }
    }
    return last;
  }

  @Override
  public synchronized long oldestIndex() {
    return operations.isEmpty() ? 0 : trimmed + 1;
  }

  @Override
  public synchronized Optional<OperationState> byId(String id) {
    return operations.stream().filter(s -> s.id().equals(id)).findFirst().map(InMemoryOperationLog::decode);
  }

  @Override
  public synchronized Optional<OutboxEntry> event(String id) {
    return Optional.ofNullable(events.get(id));
  }

  @Override
  public synchronized int trimOperations(Instant cutoff, int limit) {
    int count = 0;
    while (count < limit && !operations.isEmpty() && operations.get(0).loggedAt().isBefore(cutoff)) {
      operations.remove(0);
      trimmed++;
      count++;
    }
    return count;
  }

  @Override
  public synchronized int trimEvents(Instant cutoff, int limit) {
    int count = 0;
    var entries = events.values().iterator();
    while (entries.hasNext() && count < limit) {
      OutboxEntry event = entries.next();
      if (event.state() != OutboxState.NEW && event.delayUntil().isBefore(cutoff)) {
        entries.remove();
        count++;
      }
    }
    return count;
  }

  @Override
  public EventLogStore events() {
    return this;
  }

  @Override
  public synchronized List<ClaimedEvent> claimDue(String owner, Instant now, java.time.Duration lease, int limit) {
    List<OutboxEntry> due = events.values().stream()
        .filter(e -> e.state() == OutboxState.NEW && !e.delayUntil().isAfter(now)
            && (e.claimedUntil() == null || !e.claimedUntil().isAfter(now)))
        .sorted(java.util.Comparator.comparing(OutboxEntry::delayUntil)).limit(limit).toList();
    List<ClaimedEvent> claimed = new ArrayList<>(due.size());
    for (OutboxEntry e : due) {
      OutboxEntry held = new OutboxEntry(e.id(), e.state(), e.version(), e.loggedAt(), e.delayUntil(), e.valueType(),
          e.value(), e.attempts() + 1, e.lastError(), owner, now.plus(lease), e.headers());
      put(held);
      claimed.add(new ClaimedEvent(e.id(), held.attempts(), owner, e.valueType(), e.value(), e.headers()));
    }
    return claimed;
  }

  private OutboxEntry held(ClaimedEvent event) {
    OutboxEntry e = events.get(event.id());
    boolean holds = e != null && e.state() == OutboxState.NEW && event.owner().equals(e.claimedBy())
        && e.attempts() == event.attempts();
    return holds ? e : null;
  }

  @Override
  public synchronized boolean markProcessed(ClaimedEvent event) {
    OutboxEntry e = held(event);
    if (e == null) {
      return false;
    }
    put(new OutboxEntry(e.id(), OutboxState.PROCESSED, e.version(), e.loggedAt(), e.delayUntil(),
        e.valueType(), e.value(), e.attempts(), e.lastError(), null, null, e.headers()));
    return true;
  }

  @Override
  public synchronized boolean markFailed(ClaimedEvent event, Instant retryAt, String error) {
    OutboxEntry e = held(event);
    if (e == null) {
      return false;
    }
    put(new OutboxEntry(e.id(), retryAt == null ? OutboxState.DISCARDED : OutboxState.NEW,
        e.version(), e.loggedAt(), retryAt == null ? e.delayUntil() : retryAt, e.valueType(), e.value(),
        e.attempts(), error, null, null, e.headers()));
    return true;
  }

  @Override
  public synchronized long backlog() {
    return backlog;
  }

  @Override
  public synchronized Optional<Instant> oldestNew() {
    return newByLoggedAt.isEmpty() ? Optional.empty() : Optional.of(newByLoggedAt.firstKey());
  }

  @Override
  public synchronized List<dev.operon.commands.EventLogEntry> discarded(int limit) {
    return events.values().stream().filter(e -> e.state() == OutboxState.DISCARDED)
        .sorted(java.util.Comparator.comparing(OutboxEntry::delayUntil)).limit(limit).map(OutboxEntry::view).toList();
  }

  @Override
  public synchronized List<dev.operon.commands.EventLogEntry> inState(OutboxState state, Instant afterDue,
      String afterId, int limit) {
    java.util.Comparator<OutboxEntry> order = java.util.Comparator.comparing(OutboxEntry::delayUntil)
        .thenComparing(OutboxEntry::id);
    return events.values().stream().filter(e -> e.state() == state)
        .filter(e -> afterDue == null || e.delayUntil().isAfter(afterDue)
            || e.delayUntil().equals(afterDue) && e.id().compareTo(afterId) > 0)
        .sorted(order).limit(limit).map(OutboxEntry::view).toList();
  }

  @Override
  public synchronized boolean requeue(String id, Instant now) {
    OutboxEntry e = events.get(id);
    if (e == null || e.state() != OutboxState.DISCARDED) {
      return false;
    }
    put(new OutboxEntry(id, OutboxState.NEW, e.version() + 1, e.loggedAt(), now, e.valueType(), e.value(),
        0, e.lastError(), null, null, e.headers()));
    return true;
  }

  private static OperationState decode(Stored stored) {
    EncodedOperation e = stored.encoded();
    return OperationState.stored(stored.index(), stored.id(), stored.hostId(), stored.loggedAt(),
        (dev.operon.commands.Command<?>) OperationCodec.value(e.commandType(), e.command()),
        OperationCodec.items(e.items()), OperationCodec.nested(e.nested()));
  }
}
