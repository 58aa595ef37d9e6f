package dev.operon.saga;

/**
 * What happens to a child saga that has not finished when its parent closes: completes, fails,
 * is cancelled, times out or continues as new. Recorded in the parent's history as a
 * ParentClosePolicyApplied event per child.
 */
public enum ParentClosePolicy {
  /**
   * The child stops at once, recorded as WorkflowExecutionTerminated; its compensations do not
   * run, and its own unfinished children get their policies in turn. The default, as in Temporal.
   */
  TERMINATE,
  /** The child is asked to cancel, as {@link SagaEngine#cancel} would: its compensations run. */
  REQUEST_CANCEL,
  /** The child runs on and finishes on its own. */
  ABANDON
}
