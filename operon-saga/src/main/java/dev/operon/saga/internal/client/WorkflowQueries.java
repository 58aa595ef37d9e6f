package dev.operon.saga.internal.client;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.Workflow;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.replay.ReplayContext;
import dev.operon.saga.internal.replay.ReplayServices;
import dev.operon.saga.internal.replay.Replayer;
import java.util.function.Supplier;

/**
 * Answers queries: replays a saga's history against the registered workflow code (writing
 * nothing) and calls the query handler the code registered, on the state the replay reached.
 */
public final class WorkflowQueries {
  private final SagaRuntime runtime;
  private final SagaClient client;
  private final Replayer replayer;

  public WorkflowQueries(SagaRuntime runtime, SagaClient client) {
    this.runtime = runtime;
    this.client = client;
    this.replayer = new Replayer(runtime.activities(), runtime.events(), runtime.clock(),
        new ReplayServices(null, runtime.workflows()));
  }

  /**
   * The answer of query {@code name} of saga {@code sagaId} as a {@code resultType}. VALIDATION
   * errors for an unknown saga, a workflow not registered here, or a query the code did not
   * register; the handler's own exception otherwise.
   */
  public <R> R query(String sagaId, String name, Class<R> resultType) {
    ReplayContext ctx = replay(client.existing(sagaId));
    Supplier<?> handler = ctx.handlers().query(name).orElseThrow(() -> OperonException.invalid("Saga " + sagaId
        + " has no query '" + name + "' at the point it reached (queries: " + ctx.handlers().queryNames() + ")"));
    Object answer = handler.get();
    try {
      return Json.value(Json.tree(answer), resultType);
    } catch (OperonException e) {
      throw OperonException.invalid("Query '" + name + "' of saga " + sagaId + " answered a value that does not"
          + " decode as " + resultType.getName() + ": " + e.getMessage());
    }
  }

  /** Replays saga {@code history} for its handlers; VALIDATION if its workflow is not registered here. */
  ReplayContext replay(SagaHistory history) {
    Workflow<?, ?> workflow;
    try {
      workflow = runtime.workflows().require(history.workflowType());
    } catch (OperonException e) {
      throw OperonException.of(ErrorKind.VALIDATION, "Saga " + history.sagaId() + " runs workflow '"
              + history.workflowType() + "', which this engine has not registered: queries and updates"
              + " replay the workflow's code, so register it (workers may be 0)")
          .id(OperonException.Ids.SAGA, history.sagaId()).retryable(false).build();
    }
    return replayer.inspect(workflow, history);
  }
}
