package dev.operon.error;

/** What a runner does by default with a failed step. */
public enum ErrorAction {
  /** Try again after a backoff delay. */
  RETRY,
  /** Stop and record the failure. */
  FAIL,
  /** Give up on the step and run the compensations recorded so far. */
  COMPENSATE
}
