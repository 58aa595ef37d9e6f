package dev.operon.saga;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.operon.error.OperonException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The 13 categories of saga history events, stored as e.g. {@code ChildWorkflow}. */
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

  private static final Map<String, EventCategory> BY_LABEL = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(EventCategory::label, c -> c));

  private final String label = StoredNames.camelCase(name());

  /** The stored name, e.g. {@code Activity}. */
  @JsonValue
  public String label() {
    return label;
  }

  /** The category stored as {@code label}; VALIDATION error if there is none. */
  @JsonCreator
  public static EventCategory ofLabel(String label) {
    EventCategory category = BY_LABEL.get(label);
    if (category != null) {
      return category;
    }
    throw OperonException.invalid("Unknown saga event category '" + label + "'");
  }
}
