package dev.operon.saga;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.operon.error.OperonException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every kind of event a saga history holds, each in one {@link EventCategory}. The
 * stored type name is the constant's name in UpperCamelCase, e.g. {@code ActivityTaskCompleted}.
 * The engine writes the workflow, activity, timer and signal events today; the other categories
 * are named so that histories written by later versions stay readable.
 */
public enum EventType {
  WORKFLOW_EXECUTION_STARTED(EventCategory.WORKFLOW),
  WORKFLOW_EXECUTION_COMPLETED(EventCategory.WORKFLOW),
  WORKFLOW_EXECUTION_FAILED(EventCategory.WORKFLOW),
  WORKFLOW_EXECUTION_TIMED_OUT(EventCategory.WORKFLOW),
  WORKFLOW_EXECUTION_CANCELED(EventCategory.WORKFLOW),
  WORKFLOW_EXECUTION_CONTINUED_AS_NEW(EventCategory.WORKFLOW),
  WORKFLOW_EXECUTION_TERMINATED(EventCategory.WORKFLOW),
  WORKFLOW_EXECUTION_CANCEL_REQUESTED(EventCategory.WORKFLOW),
  COMPENSATION_STARTED(EventCategory.WORKFLOW),
  COMPENSATION_FAILED(EventCategory.WORKFLOW),
  /** A workflow task could not decide (non-determinism, an activity not registered): the saga is blocked. */
  WORKFLOW_TASK_FAILED(EventCategory.WORKFLOW),
  /** A workflow task decided again after one failed: the saga is no longer blocked. */
  WORKFLOW_TASK_COMPLETED(EventCategory.WORKFLOW),

  ACTIVITY_TASK_SCHEDULED(EventCategory.ACTIVITY),
  ACTIVITY_TASK_STARTED(EventCategory.ACTIVITY),
  ACTIVITY_TASK_COMPLETED(EventCategory.ACTIVITY),
  ACTIVITY_TASK_FAILED(EventCategory.ACTIVITY),
  ACTIVITY_TASK_TIMED_OUT(EventCategory.ACTIVITY),
  ACTIVITY_TASK_CANCELED(EventCategory.ACTIVITY),

  TIMER_CREATED(EventCategory.TIMER),
  TIMER_FIRED(EventCategory.TIMER),
  TIMER_CANCELED(EventCategory.TIMER),

  SIGNAL_RECEIVED(EventCategory.SIGNAL),
  /** A received signal whose payload did not fit the type the saga waited for: no wait takes it. */
  SIGNAL_REJECTED(EventCategory.SIGNAL),

  MARKER_RECORDED(EventCategory.MARKER),

  SNAPSHOT_CREATED(EventCategory.SNAPSHOT),

  COMMAND_ISSUED(EventCategory.COMMAND),
  COMMAND_COMPLETED(EventCategory.COMMAND),
  COMMAND_FAILED(EventCategory.COMMAND),

  START_CHILD_WORKFLOW_INITIATED(EventCategory.CHILD_WORKFLOW),
  START_CHILD_WORKFLOW_FAILED(EventCategory.CHILD_WORKFLOW),
  CHILD_WORKFLOW_STARTED(EventCategory.CHILD_WORKFLOW),
  CHILD_WORKFLOW_COMPLETED(EventCategory.CHILD_WORKFLOW),
  CHILD_WORKFLOW_FAILED(EventCategory.CHILD_WORKFLOW),
  CHILD_WORKFLOW_CANCELED(EventCategory.CHILD_WORKFLOW),
  CHILD_WORKFLOW_TIMED_OUT(EventCategory.CHILD_WORKFLOW),
  CHILD_WORKFLOW_TERMINATED(EventCategory.CHILD_WORKFLOW),
  PARENT_CLOSE_POLICY_APPLIED(EventCategory.CHILD_WORKFLOW),

  LOCAL_ACTIVITY_SCHEDULED(EventCategory.LOCAL_ACTIVITY),
  LOCAL_ACTIVITY_STARTED(EventCategory.LOCAL_ACTIVITY),
  LOCAL_ACTIVITY_COMPLETED(EventCategory.LOCAL_ACTIVITY),
  LOCAL_ACTIVITY_FAILED(EventCategory.LOCAL_ACTIVITY),
  LOCAL_ACTIVITY_TIMED_OUT(EventCategory.LOCAL_ACTIVITY),
  LOCAL_ACTIVITY_CANCELED(EventCategory.LOCAL_ACTIVITY),

  SIDE_EFFECT_RECORDED(EventCategory.SIDE_EFFECT),

  UPDATE_ADMITTED(EventCategory.UPDATE),
  UPDATE_ACCEPTED(EventCategory.UPDATE),
  UPDATE_REJECTED(EventCategory.UPDATE),
  UPDATE_COMPLETED(EventCategory.UPDATE),
  UPDATE_VALIDATED(EventCategory.UPDATE),

  SEARCH_ATTRIBUTES_UPSERTED(EventCategory.SEARCH_ATTRIBUTE),

  NEXUS_OPERATION_SCHEDULED(EventCategory.NEXUS),
  NEXUS_OPERATION_STARTED(EventCategory.NEXUS),
  NEXUS_OPERATION_COMPLETED(EventCategory.NEXUS),
  NEXUS_OPERATION_FAILED(EventCategory.NEXUS),
  NEXUS_OPERATION_CANCELED(EventCategory.NEXUS),
  NEXUS_OPERATION_TIMED_OUT(EventCategory.NEXUS),
  NEXUS_OPERATION_CANCEL_REQUESTED(EventCategory.NEXUS);

  private final EventCategory category;
  private final String typeName;

  EventType(EventCategory category) {
    this.category = category;
    this.typeName = StoredNames.camelCase(name());
  }

  /** The category this type belongs to. */
  public EventCategory category() {
    return category;
  }

  /** The stored name, e.g. {@code ActivityTaskCompleted}. */
  @JsonValue
  public String typeName() {
    return typeName;
  }

  /** The type stored as {@code typeName}; VALIDATION error naming it if there is none. */
  @JsonCreator
  public static EventType ofTypeName(String typeName) {
    EventType type = ByTypeName.TYPES.get(typeName);
    if (type != null) {
      return type;
    }
    throw OperonException.invalid("Unknown saga event type '" + typeName
        + "': the history was written by a newer engine or is not a saga history");
  }

  /** The types by stored name, built once the constants exist. */
  private static final class ByTypeName {
    static final Map<String, EventType> TYPES = Arrays.stream(values())
        .collect(Collectors.toUnmodifiableMap(EventType::typeName, t -> t));
  }
}
