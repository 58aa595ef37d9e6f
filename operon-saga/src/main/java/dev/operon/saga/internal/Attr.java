package dev.operon.saga.internal;

/** Attribute names used in saga event attributes (snake case). */
final class Attr {
  static final String WORKFLOW_TYPE = "workflow_type";
  static final String BUSINESS_ID = "business_id";
  static final String INPUT = "input";
  static final String OUTPUT = "output";
  static final String ACTIVITY_ID = "activity_id";
  static final String ACTIVITY_TYPE = "activity_type";
  static final String COMPENSATION = "compensation";
  static final String COMPENSATION_OF = "compensation_of";
  static final String RETRY_OF = "retry_of";
  static final String COMPENSATION_FAILURE = "compensation_failure";
  static final String FAILED = "failed";
  static final String ATTEMPT = "attempt";
  static final String WILL_RETRY = "will_retry";
  static final String FAILURE = "failure";
  static final String TIMER_ID = "timer_id";
  static final String FIRE_AT = "fire_at";
  static final String PURPOSE = "purpose";
  static final String SIGNAL_NAME = "signal_name";
  static final String SIGNAL_TYPE = "signal_type";
  static final String SIGNAL_EVENT_ID = "signal_event_id";
  static final String PAYLOAD = "payload";
  static final String PAYLOAD_TYPE = "payload_type";
  static final String PLAN = "plan";
  static final String REASON = "reason";
  static final String TIMEOUT_AT = "timeout_at";
  static final String MARKER = "marker";
  static final String VALUE = "value";
  static final String PATCH_ID = "patch_id";
  static final String MARKER_PATCH = "patch";
  static final String CODE_VERSION = "code_version";
  static final String MARKER_USER = "user";
  static final String MARKER_NAME = "marker_name";
  static final String DETAILS = "details";
  static final String CHILD_SAGA_ID = "child_saga_id";
  static final String PARENT_SAGA_ID = "parent_saga_id";
  static final String PARENT_ACTIVITY_ID = "parent_activity_id";
  static final String PARENT_CLOSE_POLICY = "parent_close_policy";
  static final String CONTINUED_FROM = "continued_from";
  static final String CONTINUED_AS = "continued_as";
  static final String SEARCH_ATTRIBUTES = "search_attributes";
  static final String UPDATE_ID = "update_id";
  static final String HEARTBEAT = "heartbeat_details";
  static final String UPDATE_NAME = "update_name";
  static final String WORKER_LOST = "worker_lost";

  static final String PURPOSE_SLEEP = "sleep";
  static final String PURPOSE_SIGNAL = "signal";

  private Attr() {}
}
