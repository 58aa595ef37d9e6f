package dev.operon.commands.internal;

import dev.operon.commands.EventLog;
import dev.operon.commands.EventLogEntry;
import dev.operon.error.OperonException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The event log as operators see it ({@link EventLog}) over its store: arguments checked, ages on
 * {@code clock}, and {@code requeued} told of each event made New again (a commander wakes its
 * reader; a reader elsewhere finds it at its next poll).
 */
public final class OperatorEventLog implements EventLog {
  private final EventLogStore store;
  private final Clock clock;
  private final Runnable requeued;

  public OperatorEventLog(EventLogStore store, Clock clock, Runnable requeued) {
    this.store = store;
    this.clock = clock;
    this.requeued = requeued;
  }

  @Override
  public long backlog() {
    return store.backlog();
  }

  @Override
  public Optional<Duration> oldestNewAge() {
    return store.oldestNew().map(at -> Duration.between(at, clock.instant()));
  }

  @Override
  public List<EventLogEntry> discarded(int limit) {
    if (limit < 1) {
      throw OperonException.invalid("limit must be at least 1 (got " + limit + ")");
    }
    return store.discarded(limit);
  }

  @Override
  public boolean requeue(String id) {
    if (id == null || id.isBlank()) {
      throw OperonException.invalid("The id of the event to requeue must not be blank (got " + id + ")");
    }
    boolean done = store.requeue(id, clock.instant());
    if (done) {
      requeued.run();
    }
    return done;
  }
}
