package dev.operon.saga.internal.replay;

/**
 * Thrown through workflow code to stop a replay where the history ends: the saga waits for a
 * step, a timer or a signal. An {@link Error}, so that workflow code catching exceptions does not
 * swallow it; it carries no stack trace, since it is control flow.
 */
final class WorkflowPause extends Error {
  private static final long serialVersionUID = 1L;

  WorkflowPause() {
    super("workflow paused", null, false, false);
  }
}
