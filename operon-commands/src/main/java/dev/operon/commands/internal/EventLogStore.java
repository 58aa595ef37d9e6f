package dev.operon.commands.internal;

import dev.operon.commands.EventLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The processing side of the event log: claims of due events, their outcomes, and what operators ask. */
public interface EventLogStore {

  /**
   * An event a reader holds: processes it, then marks it. {@code headers} (JSON, null for none) are
   * the correlation and trace of the command whose operation stored it.
   */
  record ClaimedEvent(String id, int attempts, String owner, String valueType, String value, String headers) {}

  /**
   * Claims up to {@code limit} New events due at {@code now} that no reader holds (or whose hold
   * expired), for {@code lease}, counting a try on each; the earliest due first.
   */
  List<ClaimedEvent> claimDue(String owner, Instant now, Duration lease, int limit);

  /** Marks a claimed event Processed; false if the claim no longer holds (it was updated or taken over). */
  boolean markProcessed(ClaimedEvent event);

  /**
   * Marks claimed events Processed in one transaction; returns those whose claim no longer held
   * (left as they are).
   */
  default List<ClaimedEvent> markAllProcessed(List<ClaimedEvent> events) {
    List<ClaimedEvent> lost = new java.util.ArrayList<>();
    for (ClaimedEvent event : events) {
      if (!markProcessed(event)) {
        lost.add(event);
      }
    }
    return lost;
  }

  /** Makes a claimed event due again at {@code retryAt}, or Discarded if {@code retryAt} is null. */
  boolean markFailed(ClaimedEvent event, Instant retryAt, String error);

  long backlog();

  /** When the oldest New event's operation committed. */
  Optional<Instant> oldestNew();

  List<EventLogEntry> discarded(int limit);

  /**
   * Up to {@code limit} events in {@code state}, by due time then id, after the one due at
   * {@code afterDue} with id {@code afterId} (both null: from the first).
   */
  List<EventLogEntry> inState(OutboxState state, Instant afterDue, String afterId, int limit);

  boolean requeue(String id, Instant now);
}
