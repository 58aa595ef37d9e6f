package dev.operon.timer;

/** What a timer is for. */
public enum TimerType {
  WORKFLOW_TIMEOUT,
  ACTIVITY_TIMEOUT,
  SLEEP,
  RETRY_BACKOFF,
  SCHEDULED,
  CUSTOM
}
