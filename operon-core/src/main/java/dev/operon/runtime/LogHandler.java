package dev.operon.runtime;

import dev.operon.eventstore.StoredEvent;
import java.util.List;

/**
 * What a {@link LogTailer} hands each batch of events to.
 *
 * <p>The batch is never empty and is in position order. When the tailer has an atomic transactor
 * that its checkpoints join, {@link #handle} runs inside a transaction of that backend and the
 * consumer's checkpoint is saved in the same transaction: writes the handler makes through the same
 * backend (its event store, task queue, timer store, or tables of the same database) commit with
 * the checkpoint or not at all, so each event has its effect exactly once. Writes elsewhere (a
 * message broker, a mail server) happen when they are made, and may be made again for the same
 * event after a failure: make them idempotent.
 *
 * <p>A handler that throws fails the whole batch: the checkpoint does not move and the same batch
 * (or, if more events arrived, a longer one from the same position) comes again later.
 */
@FunctionalInterface
public interface LogHandler {

  /** Handles {@code events}, a non-empty batch in position order. */
  void handle(List<StoredEvent> events);
}
