package dev.operon.saga.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.codec.Codec;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.StoredEvent;
import dev.operon.runtime.OptimisticAppend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schedules' definitions, kept as events of one stream on the {@link EventStore}
 * ({@value #STREAM}: a name no saga can have): ScheduleCreated and ScheduleRemoved, written with
 * the expected last id like every other append. The id of the ScheduleCreated event is the
 * schedule's generation: timers of an older generation of the same schedule id no longer fire.
 */
final class ScheduleBook {
  static final String STREAM = "saga/schedules";
  private static final OptimisticAppend RETRYING = OptimisticAppend.withDefaultTries();
  private static final String CREATED = "ScheduleCreated";
  private static final String REMOVED = "ScheduleRemoved";
  private static final Map<String, String> METADATA = Map.of("category", "schedule");
  private static final Codec CODEC = Codec.json();

  /** One schedule as stored. */
  record Entry(String scheduleId, String cron, String workflowType, JsonNode input, long generation) {
    boolean sameAs(String otherCron, String otherType, JsonNode otherInput) {
      // compared as JSON text: a number read back from storage may be another node type (int vs long)
      return cron.equals(otherCron) && workflowType.equals(otherType) && input.toString().equals(otherInput.toString());
    }
  }

  /** The stored form of one event. */
  record Change(String scheduleId, String cron, String workflowType, JsonNode input) {}

  private final EventStore store;

  ScheduleBook(EventStore store) {
    this.store = store;
  }

  /** The schedules in force, by id, in the order they were (last) created. */
  Map<String, Entry> active() {
    Map<String, Entry> active = new LinkedHashMap<>();
    for (StoredEvent e : store.read(STREAM, 0)) {
      Change change = CODEC.decode(e.payload(), Change.class);
      active.remove(change.scheduleId());
      if (CREATED.equals(e.type())) {
        active.put(change.scheduleId(), new Entry(change.scheduleId(), change.cron(), change.workflowType(),
            change.input(), e.id()));
      }
    }
    return active;
  }

  Optional<Entry> get(String scheduleId) {
    return Optional.ofNullable(active().get(scheduleId));
  }

  /**
   * Creates or replaces schedule {@code scheduleId}; returns the entry in force and whether it
   * is new (false when an identical schedule was already in force, which is left unchanged).
   */
  Put put(String scheduleId, String cron, String workflowType, JsonNode input) {
    // another engine that changed the schedules first makes a try conflict: read them again
    return RETRYING.run(STREAM, "writing schedule '" + scheduleId + "'", () -> {
      long last = store.currentId(STREAM);
      Entry existing = active().get(scheduleId);
      if (existing != null && existing.sameAs(cron, workflowType, input)) {
        return new Put(existing, existing, false);
      }
      long id = store.append(STREAM, last, event(CREATED, new Change(scheduleId, cron, workflowType, input)));
      return new Put(new Entry(scheduleId, cron, workflowType, input, id), existing, true);
    });
  }

  /** What {@link #put} did: the entry in force, the one it replaced (or null), whether it wrote. */
  record Put(Entry entry, Entry replaced, boolean written) {}

  /** Removes schedule {@code scheduleId}; false if none was in force. */
  boolean remove(String scheduleId) {
    return RETRYING.run(STREAM, "removing schedule '" + scheduleId + "'", () -> {
      long last = store.currentId(STREAM);
      Entry existing = active().get(scheduleId);
      if (existing == null) {
        return false;
      }
      store.append(STREAM, last, event(REMOVED, new Change(scheduleId, existing.cron(), existing.workflowType(),
          existing.input())));
      return true;
    });
  }

  private static List<NewEvent> event(String type, Change change) {
    return List.of(new NewEvent(type, CODEC.encode(change), METADATA));
  }
}
