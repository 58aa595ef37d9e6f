package dev.operon.saga.internal.replay;

import dev.operon.saga.HistoryEvent;
import java.util.ArrayList;
import java.util.List;

/** What one workflow task decided: events to append (atomically) and effects to run afterwards. */
public final class Decision {
  private final List<HistoryEvent> events = new ArrayList<>();
  private final List<Effect> effects = new ArrayList<>();

  public Decision() {}

  public Decision(List<HistoryEvent> events, List<Effect> effects) {
    this.events.addAll(events);
    this.effects.addAll(effects);
  }

  public void add(HistoryEvent event) {
    events.add(event);
  }

  /** Puts {@code event} before the events decided so far. */
  public void addFirst(HistoryEvent event) {
    events.add(0, event);
  }

  public void add(Effect effect) {
    effects.add(effect);
  }

  public List<HistoryEvent> events() {
    return events;
  }

  public List<Effect> effects() {
    return effects;
  }

  boolean isEmpty() {
    return events.isEmpty() && effects.isEmpty();
  }
}
