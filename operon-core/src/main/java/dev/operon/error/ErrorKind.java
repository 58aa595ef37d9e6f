package dev.operon.error;

/**
 * What went wrong: the 17 kinds of the saga engine's error hierarchy, and those of the command
 * pipeline ({@code COMMAND}: a command has no handler, its handler failed or returned the wrong
 * type; {@code OPERATION_LOG}: the operation log or event log could not be written or read). Each
 * kind belongs to one {@link ErrorCategory}, which fixes the default reaction to it.
 */
public enum ErrorKind {
  EVENT_STORE(ErrorCategory.INFRASTRUCTURE),
  CODEC(ErrorCategory.VALIDATION),
  WORKFLOW_EXECUTION(ErrorCategory.FATAL),
  STEP_EXECUTION(ErrorCategory.DOMAIN),
  ACTIVITY_EXECUTION(ErrorCategory.DOMAIN),
  TIMER_STORE(ErrorCategory.INFRASTRUCTURE),
  SIGNAL_DISPATCHER(ErrorCategory.INFRASTRUCTURE),
  TASK_QUEUE(ErrorCategory.INFRASTRUCTURE),
  SNAPSHOT(ErrorCategory.INFRASTRUCTURE),
  REPLAY(ErrorCategory.FATAL),
  CONFIGURATION(ErrorCategory.VALIDATION),
  VALIDATION(ErrorCategory.VALIDATION),
  TIMEOUT(ErrorCategory.TRANSIENT_DOMAIN),
  CANCELLED(ErrorCategory.FATAL),
  CONCURRENCY(ErrorCategory.TRANSIENT_DOMAIN),
  COMPENSATION(ErrorCategory.FATAL),
  COMMAND(ErrorCategory.DOMAIN),
  OPERATION_LOG(ErrorCategory.INFRASTRUCTURE),
  UNKNOWN(ErrorCategory.FATAL);

  private final ErrorCategory category;

  ErrorKind(ErrorCategory category) {
    this.category = category;
  }

  /** The category whose default behaviour applies to this kind. */
  public ErrorCategory category() {
    return category;
  }

  /** Whether an error of this kind is worth retrying unless the thrower says otherwise. */
  public boolean retryableByDefault() {
    return category.behaviour().action() == ErrorAction.RETRY;
  }
}
