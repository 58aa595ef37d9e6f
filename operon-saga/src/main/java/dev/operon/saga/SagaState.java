package dev.operon.saga;

/**
 * Where a saga is in its life. The allowed moves between states are the rows of
 * {@link SagaStateMachine#TABLE}.
 */
public enum SagaState {
  /** The workflow code is running or about to run. */
  RUNNING,
  /** The workflow waits for an activity, a timer or a signal; it holds no thread. */
  PAUSED,
  /** The workflow returned its result, or this run continued as new. Terminal. */
  COMPLETED,
  /**
   * The workflow failed; terminal unless compensations follow. A saga whose rollback failed ends
   * here too, until {@link SagaEngine#retryCompensation(String)} moves it back to
   * {@link #COMPENSATING}.
   */
  FAILED,
  /** The compensations of completed steps are running, newest first. */
  COMPENSATING,
  /**
   * Cancelled on request, rolled back after a failure by successful compensations, or terminated by
   * its parent's close policy. Terminal.
   */
  CANCELLED;

  /** Whether a saga in this state is finished for good, given whether compensation is still planned. */
  public boolean terminal(boolean compensationPlanned) {
    return switch (this) {
      case COMPLETED, CANCELLED -> true;
      case FAILED -> !compensationPlanned;
      default -> false;
    };
  }
}
