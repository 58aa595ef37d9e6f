package dev.operon.saga;

import static dev.operon.saga.SagaState.CANCELLED;
import static dev.operon.saga.SagaState.COMPENSATING;
import static dev.operon.saga.SagaState.COMPLETED;
import static dev.operon.saga.SagaState.FAILED;
import static dev.operon.saga.SagaState.PAUSED;
import static dev.operon.saga.SagaState.RUNNING;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.List;
import java.util.Optional;

/**
 * The saga lifecycle as an explicit transition table. Every state
 * change the engine makes goes through {@link #move}, {@link #start} or {@link #end}; a move that
 * is not a row of {@link #TABLE} throws.
 */
public final class SagaStateMachine {
  /** The rows of the lifecycle table. */
  public static final List<SagaTransition> TABLE = List.of(
      SagaTransition.start(RUNNING, "start_workflow()"),
      SagaTransition.of(RUNNING, PAUSED, "execute_activity()"),
      SagaTransition.of(RUNNING, COMPLETED, "All steps done"),
      SagaTransition.of(RUNNING, FAILED, "Unhandled error"),
      SagaTransition.of(RUNNING, CANCELLED, "cancel_workflow()"),
      SagaTransition.of(PAUSED, RUNNING, "Activity completed"),
      SagaTransition.of(PAUSED, FAILED, "Activity failed"),
      SagaTransition.of(FAILED, COMPENSATING, "Has compensations"),
      SagaTransition.end(FAILED, "No compensations"),
      SagaTransition.of(COMPENSATING, CANCELLED, "All done"),
      SagaTransition.of(COMPENSATING, FAILED, "Compensation failed"));

  private SagaStateMachine() {}

  /** Whether {@code from -> to} is a row of the table. */
  public static boolean allowed(SagaState from, SagaState to) {
    return find(Optional.of(from), Optional.of(to)).isPresent();
  }

  /** The state a new saga enters. */
  public static SagaState start(String sagaId) {
    return require(sagaId, Optional.empty(), Optional.of(RUNNING)).to().orElseThrow();
  }

  /** Moves saga {@code sagaId} from {@code from} to {@code to}; throws if that is not a row. */
  public static SagaState move(String sagaId, SagaState from, SagaState to) {
    return require(sagaId, Optional.of(from), Optional.of(to)).to().orElseThrow();
  }

  /** Ends saga {@code sagaId} in {@code from}; throws unless the table lets that state end. */
  public static void end(String sagaId, SagaState from) {
    require(sagaId, Optional.of(from), Optional.empty());
  }

  /**
   * The table as a Mermaid state diagram (the source of docs/saga-states.md); states without an
   * outgoing row are drawn ending in the final point.
   */
  public static String mermaid() {
    StringBuilder out = new StringBuilder("stateDiagram-v2\n");
    for (SagaTransition row : TABLE) {
      out.append("    ")
          .append(SagaTransition.label(row.from(), "[*]"))
          .append(" --> ")
          .append(SagaTransition.label(row.to(), "[*]"))
          .append(" : ")
          .append(row.trigger())
          .append('\n');
    }
    for (SagaState state : SagaState.values()) {
      if (TABLE.stream().noneMatch(r -> r.from().equals(Optional.of(state)))) {
        out.append("    ").append(SagaTransition.label(Optional.of(state), "")).append(" --> [*]\n");
      }
    }
    return out.toString();
  }

  private static SagaTransition require(String sagaId, Optional<SagaState> from, Optional<SagaState> to) {
    return find(from, to).orElseThrow(() -> illegal(sagaId, from, to));
  }

  private static Optional<SagaTransition> find(Optional<SagaState> from, Optional<SagaState> to) {
    return TABLE.stream().filter(r -> r.from().equals(from) && r.to().equals(to)).findFirst();
  }

  private static OperonException illegal(String sagaId, Optional<SagaState> from, Optional<SagaState> to) {
    return OperonException.of(ErrorKind.WORKFLOW_EXECUTION,
            "Saga " + sagaId + " cannot move from " + SagaTransition.label(from, "Initial") + " to "
                + SagaTransition.label(to, "Terminal") + ": not a row of the saga state table"
                + " (see docs/saga-states.md)")
        .id(OperonException.Ids.SAGA, sagaId)
        .retryable(false)
        .build();
  }
}
