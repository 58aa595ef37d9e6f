package dev.operon.saga.internal.history;

import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaState;
import dev.operon.saga.SagaStateMachine;
import dev.operon.saga.SagaTransition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Folds a history into its {@link SagaState}, moving only along the rows of the state table, so a
 * history that implies an illegal move is reported, never silently accepted.
 */
final class SagaStateProjection {
  private final String sagaId;
  private final Set<String> outstanding = new HashSet<>();
  private final List<SagaTransition> path = new ArrayList<>();
  private SagaState state;
  private boolean failedStepPending;

  private SagaStateProjection(String sagaId) {
    this.sagaId = sagaId;
  }

  static SagaStateProjection of(SagaHistory history) {
    SagaStateProjection p = new SagaStateProjection(history.sagaId());
    history.events().forEach(p::apply);
    return p;
  }

  /** A projection that goes on from where this one is, without changing it. */
  SagaStateProjection copy() {
    SagaStateProjection copy = new SagaStateProjection(sagaId);
    copy.outstanding.addAll(outstanding);
    copy.path.addAll(path);
    copy.state = state;
    copy.failedStepPending = failedStepPending;
    return copy;
  }

  /** A projection of a saga whose events are to be {@link #apply applied} one by one. */
  static SagaStateProjection empty(String sagaId) {
    return new SagaStateProjection(sagaId);
  }

  SagaState state() {
    return state;
  }

  /**
   * The rows of the state table the history went through, in order; a saga that ended Failed also
   * takes the row to the final point.
   */
  List<SagaTransition> path() {
    List<SagaTransition> rows = new ArrayList<>(path);
    if (state == SagaState.FAILED && terminal()) {
      SagaStateMachine.end(sagaId, state);
      rows.add(row(Optional.of(state), Optional.empty()));
    }
    return List.copyOf(rows);
  }

  /**
   * Whether the history, as it stands, has finished. A saga whose rollback failed has; a retry of
   * its compensations (CompensationStarted, Failed -> Compensating) opens it again.
   */
  boolean terminal() {
    return state != null && state.terminal(false);
  }

  void apply(HistoryEvent e) {
    EventType type = e.eventType();
    switch (type) {
      case WORKFLOW_EXECUTION_STARTED -> {
        state = SagaStateMachine.start(sagaId);
        path.add(row(Optional.empty(), Optional.of(state)));
      }
      case ACTIVITY_TASK_SCHEDULED -> waitFor(e.text(Attr.ACTIVITY_ID));
      case TIMER_CREATED -> waitFor(e.text(Attr.TIMER_ID));
      case ACTIVITY_TASK_COMPLETED -> done(e.text(Attr.ACTIVITY_ID));
      case TIMER_FIRED, TIMER_CANCELED -> done(e.text(Attr.TIMER_ID));
      case ACTIVITY_TASK_FAILED -> failedStep(e);
      case START_CHILD_WORKFLOW_INITIATED -> waitFor(childKey(e));
      case CHILD_WORKFLOW_COMPLETED -> done(childKey(e));
      case CHILD_WORKFLOW_FAILED, CHILD_WORKFLOW_CANCELED, CHILD_WORKFLOW_TIMED_OUT, CHILD_WORKFLOW_TERMINATED,
          START_CHILD_WORKFLOW_FAILED -> failedChild(e);
      case WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> finish(SagaState.COMPLETED);
      case WORKFLOW_EXECUTION_TERMINATED -> terminate();
      case WORKFLOW_EXECUTION_COMPLETED -> finish(SagaState.COMPLETED);
      case WORKFLOW_EXECUTION_FAILED -> fail();
      case COMPENSATION_STARTED -> move(SagaState.COMPENSATING);
      case COMPENSATION_FAILED -> move(SagaState.FAILED);
      case WORKFLOW_EXECUTION_CANCELED -> finish(SagaState.CANCELLED);
      default -> { }
    }
  }

  private boolean inWorkflowCode() {
    return state == SagaState.RUNNING || state == SagaState.PAUSED;
  }

  private void waitFor(String id) {
    if (!inWorkflowCode()) {
      return;
    }
    outstanding.add(id);
    failedStepPending = false;
    if (state == SagaState.RUNNING) {
      move(SagaState.PAUSED);
    }
  }

  private void done(String id) {
    if (inWorkflowCode() && outstanding.remove(id) && outstanding.isEmpty() && !failedStepPending
        && state == SagaState.PAUSED) {
      move(SagaState.RUNNING);
    }
  }

  private void failedStep(HistoryEvent e) {
    if (inWorkflowCode() && !e.attributes().path(Attr.WILL_RETRY).asBoolean()) {
      outstanding.remove(e.text(Attr.ACTIVITY_ID));
      failedStepPending = true;
    }
  }

  /** Child steps share the activity id space of the code's commands; keyed apart from timers. */
  private static String childKey(HistoryEvent e) {
    return "child/" + e.text(Attr.ACTIVITY_ID);
  }

  private void failedChild(HistoryEvent e) {
    if (inWorkflowCode()) {
      outstanding.remove(childKey(e));
      failedStepPending = true;
    }
  }

  /** Terminated: stops the workflow code as a cancel would, or a rollback as a failed compensation would. */
  private void terminate() {
    if (inWorkflowCode()) {
      finish(SagaState.CANCELLED);
    } else if (state == SagaState.COMPENSATING) {
      move(SagaState.FAILED);
    }
  }

  private void fail() {
    if (state == SagaState.PAUSED && failedStepPending) {
      move(SagaState.FAILED);
    } else {
      finish(SagaState.FAILED);
    }
  }

  /** A workflow-level outcome: the paused saga resumes first, then moves to {@code to}. */
  private void finish(SagaState to) {
    if (state == SagaState.PAUSED) {
      move(SagaState.RUNNING);
    }
    move(to);
  }

  private void move(SagaState to) {
    SagaState from = state;
    state = SagaStateMachine.move(sagaId, from, to);
    path.add(row(Optional.of(from), Optional.of(to)));
  }

  private static SagaTransition row(Optional<SagaState> from, Optional<SagaState> to) {
    return SagaStateMachine.TABLE.stream()
        .filter(r -> r.from().equals(from) && r.to().equals(to))
        .findFirst().orElseThrow();
  }
}
