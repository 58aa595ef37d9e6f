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

  /** Up to {@code limit} stored operations whose index is above {@code afterIndex}, by index. */
  List<OperationState> after(long afterIndex, int limit);

  /** The stored operation {@code id}. */
  Optional<OperationState> byId(String id);

  /** The event {@code id} of the event log. */
  Optional<OutboxEntry> event(String id);
}
