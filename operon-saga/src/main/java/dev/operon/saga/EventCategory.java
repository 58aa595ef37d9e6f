package dev.operon.saga;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.operon.error.OperonException;

/** The 13 categories of saga history events (seed 004 §5.1), stored as e.g. {@code ChildWorkflow}. */
public enum EventCategory {
  WORKFLOW,
  ACTIVITY,
  TIMER,
  SIGNAL,
  MARKER,
  SNAPSHOT,
  COMMAND,
  CHILD_WORKFLOW,
  LOCAL_ACTIVITY,
  SIDE_EFFECT,
  UPDATE,
  SEARCH_ATTRIBUTE,
  NEXUS;

  /** The stored name, e.g. {@code Activity}. */
  @JsonValue
  public String label() {
    return EventType.camelCase(name());
  }

  /** The category stored as {@code label}; VALIDATION error if there is none. */
  @JsonCreator
  public static EventCategory ofLabel(String label) {
    for (EventCategory category : values()) {
      if (category.label().equals(label)) {
        return category;
      }
    }
    throw OperonException.invalid("Unknown saga event category '" + label + "'");
  }
}
