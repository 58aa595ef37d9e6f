package dev.operon.commands;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The event log (outbox) as operators see it: how much waits, what was given up, and a way to
 * try a given-up event again.
 */
public interface EventLog {

  /** How many events are New (waiting, due or not). */
  long backlog();

  /** How long the oldest New event has waited since its operation committed, if any waits. */
  Optional<Duration> oldestNewAge();

  /** Up to {@code limit} discarded events (every try failed), the earliest due first. */
  List<EventLogEntry> discarded(int limit);

  /**
   * Makes discarded event {@code id} New again, due now, with its tries counted from zero; false if
   * no discarded event has that id.
   */
  boolean requeue(String id);
}
