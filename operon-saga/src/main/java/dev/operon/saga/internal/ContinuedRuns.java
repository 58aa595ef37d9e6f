package dev.operon.saga.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.visibility.SearchAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Continue-as-new: a run that ended with WorkflowExecutionContinuedAsNew names the next run's saga
 * id ({@code continued_as}); the next run's WorkflowExecutionStarted names it back
 * ({@code continued_from}) and inherits its link to a parent saga, so that the parent hears from
 * the last run of the chain.
 */
public final class ContinuedRuns {
  private final SagaRuntime runtime;
  private final EventFactory events;

  public ContinuedRuns(SagaRuntime runtime) {
    this.runtime = runtime;
    this.events = runtime.events();
  }

  /** Starts the run saga {@code sagaId} continued as, unless it exists already. */
  void startNext(String sagaId) {
    SagaHistory previous = runtime.histories().load(sagaId);
    HistoryEvent continued = previous.last(EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW).orElse(null);
    if (continued == null) {
      return;
    }
    String type = previous.workflowType();
    Map<String, String> links = new LinkedHashMap<>();
    links.put(Attr.CONTINUED_FROM, sagaId);
    for (String inherited : new String[] {Attr.PARENT_SAGA_ID, Attr.PARENT_ACTIVITY_ID}) {
      Optional.ofNullable(previous.startedAttribute(inherited)).ifPresent(v -> links.put(inherited, v));
    }
    HistoryEvent started = events.linkedStarted(continued.text(Attr.CONTINUED_AS), type,
        continued.attributes().get(Attr.INPUT), null, RunStarter.timeoutAt(runtime, type), links);
    ObjectNode searchAttributes = SearchAttributes.foldEncoded(previous.events());
    if (!searchAttributes.isEmpty()) {
      ((ObjectNode) started.attributes()).set(Attr.SEARCH_ATTRIBUTES, searchAttributes);
    }
    RunStarter.start(runtime, started);
  }

  /** Starts the next run of an ended {@code history} if a crash left it unstarted. */
  public void recover(SagaHistory history) {
    history.continuedAs().filter(next -> !runtime.histories().load(next).exists())
        .ifPresent(next -> startNext(history.sagaId()));
  }

  /**
   * The newest run of the chain starting at {@code history}: follows {@code continued_as} while the
   * next run exists.
   */
  public static SagaHistory latest(SagaRuntime runtime, SagaHistory history) {
    SagaHistory run = history;
    for (Optional<String> next = run.continuedAs(); next.isPresent(); next = run.continuedAs()) {
      SagaHistory following = runtime.histories().load(next.get());
      if (!following.exists()) {
        return run;
      }
      run = following;
    }
    return run;
  }
}
