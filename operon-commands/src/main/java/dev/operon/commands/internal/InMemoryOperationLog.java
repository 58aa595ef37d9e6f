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
public final class InMemoryOperationLog implements OperationLog {
  private final List<Stored> operations = new ArrayList<>();
  private long trimmed;
  private final Map<String, OutboxEntry> events = new LinkedHashMap<>();

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
        events.put(event.id(), new OutboxEntry(event.id(), OutboxState.NEW, 1, now, event.delayUntil(),
            event.valueType(), event.value()));
      } else if (event.onConflict() == ConflictStrategy.UPDATE && existing.state() == OutboxState.NEW) {
        events.put(event.id(), new OutboxEntry(event.id(), OutboxState.NEW, existing.version() + 1,
            existing.loggedAt(), event.delayUntil(), event.valueType(), event.value()));
      }
    }
    if (operation.mustStore()) {
      long index = trimmed + operations.size() + 1L;
      operations.add(new Stored(index, operation.id(), operation.hostId(), now, encoded));
      operation.index(index);
    } else {
      String marker = EncodedOperation.markerId(operation.id());
      events.put(marker, new OutboxEntry(marker, OutboxState.PROCESSED, 1, now, now, "", "null"));
    }
  }

  @Override
  public synchronized List<OperationState> after(long afterIndex, int limit) {
    List<OperationState> found = new ArrayList<>();
    for (int i = (int) Math.max(0, afterIndex - trimmed); i < operations.size() && found.size() < limit; i++) {
      found.add(decode(operations.get(i)));
    }
    return found;
  }

  @Override
  public synchronized List<OperationState> byIndexes(java.util.Collection<Long> indexes) {
    return indexes.stream().sorted().filter(i -> i > trimmed && i <= trimmed + operations.size())
        .map(i -> decode(operations.get((int) (i - trimmed - 1)))).toList();
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

  private static OperationState decode(Stored stored) {
    EncodedOperation e = stored.encoded();
    return OperationState.stored(stored.index(), stored.id(), stored.hostId(), stored.loggedAt(),
        (dev.operon.commands.Command<?>) OperationCodec.value(e.commandType(), e.command()),
        OperationCodec.items(e.items()), OperationCodec.nested(e.nested()));
  }
}
