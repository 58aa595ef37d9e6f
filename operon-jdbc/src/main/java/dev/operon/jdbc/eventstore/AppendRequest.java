package dev.operon.jdbc.eventstore;

import dev.operon.eventstore.NewEvent;
import dev.operon.jdbc.internal.PendingWrite;
import java.util.List;

/** One caller's append, waiting for its group commit. A stream appears once per batch. */
final class AppendRequest extends PendingWrite<Long> {
  final String stream;
  final long expectedLastId;
  final List<NewEvent> events;
  final long recordedAtNanos;

  AppendRequest(String stream, long expectedLastId, List<NewEvent> events, long recordedAtNanos) {
    this.stream = stream;
    this.expectedLastId = expectedLastId;
    this.events = events;
    this.recordedAtNanos = recordedAtNanos;
  }

  long nextLastId() {
    return expectedLastId + events.size();
  }

  @Override
  protected Object batchKey() {
    return stream;
  }
}
