package dev.operon.saga;

import dev.operon.error.OperonException;
import java.util.Map;

/**
 * Thrown into a parent's workflow code when its child saga did not complete: it failed, was rolled
 * back, cancelled, terminated or timed out, or could not be started. Left uncaught, it fails the
 * parent, which then runs its own compensations. The kind is the child's failure kind.
 */
public final class ChildWorkflowFailedException extends OperonException {
  private static final long serialVersionUID = 1L;

  private final String childSagaId;
  private final transient EventType outcome;
  private final transient SagaFailure failure;

  /**
   * Child saga {@code childSagaId} ({@code workflowType}) of saga {@code sagaId} ended with
   * {@code outcome} (a child-workflow event type) and {@code failure}.
   */
  public ChildWorkflowFailedException(String sagaId, String childSagaId, String workflowType, EventType outcome,
      SagaFailure failure) {
    super(failure.kind(),
        "Child saga " + childSagaId + " (" + workflowType + ") of saga " + sagaId + " did not complete ("
            + outcome.typeName() + "): " + failure.message(),
        null, Map.of(Ids.SAGA, sagaId, "child", childSagaId), false);
    this.childSagaId = childSagaId;
    this.outcome = outcome;
    this.failure = failure;
  }

  /** The child's saga id (of its last run, if it continued as new). */
  public String childSagaId() {
    return childSagaId;
  }

  /** How the child ended: ChildWorkflowFailed, ...Canceled, ...Terminated, ...TimedOut or StartChildWorkflowFailed. */
  public EventType outcome() {
    return outcome;
  }

  /** The child's recorded failure. */
  public SagaFailure failure() {
    return failure;
  }
}
