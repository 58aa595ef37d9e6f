package dev.operon.saga.internal;

import dev.operon.error.OperonException;
import dev.operon.saga.Workflow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The workflows an engine can run, by type name. */
public final class WorkflowRegistry {
  private final Map<String, Workflow<?, ?>> byType = new ConcurrentHashMap<>();

  /** Adds {@code workflow}; a second one with the same type is a VALIDATION error. */
  public void register(Workflow<?, ?> workflow) {
    Workflow<?, ?> previous = byType.putIfAbsent(workflow.type(), workflow);
    if (previous != null && previous != workflow) {
      throw OperonException.invalid("Workflow type '" + workflow.type() + "' is registered twice ("
          + previous.getClass().getName() + ", " + workflow.getClass().getName() + ")");
    }
  }

  /** The workflow registered as {@code type}; VALIDATION error naming it if there is none. */
  public Workflow<?, ?> require(String type) {
    Workflow<?, ?> workflow = byType.get(type);
    if (workflow == null) {
      throw OperonException.invalid("Unknown workflow type '" + type + "': register it with"
          + " SagaEngine.builder().workflows(...) (known: " + byType.keySet() + ")");
    }
    return workflow;
  }

  /** The type name of the registered instance of {@code type}. */
  public String typeOf(Class<?> type) {
    return byType.values().stream().filter(w -> w.getClass() == type).findFirst()
        .map(Workflow::type)
        .orElseThrow(() -> OperonException.invalid("Workflow class " + type.getName()
            + " is not registered: add an instance with SagaEngine.builder().workflows(...)"));
  }
}
