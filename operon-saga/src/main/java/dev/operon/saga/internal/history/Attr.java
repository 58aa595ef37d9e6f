package dev.operon.saga.internal.history;

/** Attribute names used in saga event attributes (snake case). */
public final class Attr {
  public static final String WORKFLOW_TYPE = "workflow_type";
  public static final String BUSINESS_ID = "business_id";
  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  public static final String ACTIVITY_ID = "activity_id";
  public static final String ACTIVITY_TYPE = "activity_type";
  public static final String COMPENSATION = "compensation";
  static final String COMPENSATION_OF = "compensation_of";
  public static final String RETRY_OF = "retry_of";
  static final String COMPENSATION_FAILURE = "compensation_failure";
  static final String FAILED = "failed";
  public static final String ATTEMPT = "attempt";
  public static final String WILL_RETRY = "will_retry";
  public static final String FAILURE = "failure";
  public static final String TIMER_ID = "timer_id";
  public static final String FIRE_AT = "fire_at";
  public static final String PURPOSE = "purpose";
  public static final String SIGNAL_NAME = "signal_name";
  public static final String SIGNAL_TYPE = "signal_type";
  static final String SIGNAL_EVENT_ID = "signal_event_id";
  public static final String PAYLOAD = "payload";
  public static final String PAYLOAD_TYPE = "payload_type";
  static final String PLAN = "plan";
  public static final String REASON = "reason";
  public static final String TIMEOUT_AT = "timeout_at";
  public static final String MARKER = "marker";
  public static final String VALUE = "value";
  public static final String PATCH_ID = "patch_id";
  public static final String MARKER_PATCH = "patch";
  public static final String CODE_VERSION = "code_version";
  public static final String MARKER_USER = "user";
  public static final String MARKER_NAME = "marker_name";
  static final String DETAILS = "details";
  public static final String CHILD_SAGA_ID = "child_saga_id";
  public static final String PARENT_SAGA_ID = "parent_saga_id";
  public static final String PARENT_ACTIVITY_ID = "parent_activity_id";
  /** The correlation id of the work that started the saga (WorkflowExecutionStarted). */
  public static final String CORRELATION_ID = "correlation_id";
  /** The W3C trace context of the saga's start span (WorkflowExecutionStarted), which its steps continue. */
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  public static final String PARENT_CLOSE_POLICY = "parent_close_policy";
  public static final String CONTINUED_FROM = "continued_from";
  public static final String CONTINUED_AS = "continued_as";
  public static final String SEARCH_ATTRIBUTES = "search_attributes";
  public static final String UPDATE_ID = "update_id";
  public static final String HEARTBEAT = "heartbeat_details";
  public static final String UPDATE_NAME = "update_name";
  static final String WORKER_LOST = "worker_lost";

  public static final String PURPOSE_SLEEP = "sleep";
  public static final String PURPOSE_SIGNAL = "signal";

  private Attr() {}
}
