package dev.operon.saga.internal;

import dev.operon.saga.HistoryEvent;
import java.util.ArrayList;
import java.util.List;

/** What one workflow task decided: events to append (atomically) and effects to run afterwards. */
final class Decision {
  private final List<HistoryEvent> events = new ArrayList<>();
  private final List<Effect> effects = new ArrayList<>();

  Decision() {}

  Decision(List<HistoryEvent> events, List<Effect> effects) {
    this.events.addAll(events);
    this.effects.addAll(effects);
  }

  void add(HistoryEvent event) {
    events.add(event);
  }

  /** Puts {@code event} before the events decided so far. */
  void addFirst(HistoryEvent event) {
    events.add(0, event);
  }

  void add(Effect effect) {
    effects.add(effect);
  }

  List<HistoryEvent> events() {
    return events;
  }

  List<Effect> effects() {
    return effects;
  }

  boolean isEmpty() {
    return events.isEmpty() && effects.isEmpty();
  }
}
