package dev.operon.saga.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.OperonException;
import dev.operon.saga.Workflow;
import dev.operon.saga.internal.client.InputCheck;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The workflows an engine can run, by type name. */
public final class WorkflowRegistry {
  private final Map<String, Workflow<?, ?>> byType = new ConcurrentHashMap<>();

  /**
   * Adds {@code workflow}. VALIDATION errors: a second one with the same type; a type that is
   * blank or would be derived from a lambda's or an anonymous class's name (not stable across
   * builds, yet recorded in every history and used to start sagas), unless {@code type()} is
   * overridden.
   */
  public void register(Workflow<?, ?> workflow) {
    Class<?> implementation = workflow.getClass();
    if (TypeIds.unstableName(implementation) && !TypeIds.overrides(workflow, Workflow.class, "type")) {
      throw OperonException.invalid("Workflow " + implementation.getName() + " is " + TypeIds.whatIs(implementation)
          + ", so its type would be '" + workflow.type() + "', a name that changes between builds and is"
          + " recorded in every history: implement the workflow as a named class, or override type() with a"
          + " stable name");
    }
    String type = workflow.type();
    if (type == null || type.isBlank()) {
      throw OperonException.invalid("Workflow " + implementation.getName() + " has a blank type: override type()");
    }
    Workflow<?, ?> previous = byType.putIfAbsent(type, workflow);
    if (previous != null && previous != workflow) {
      throw OperonException.invalid("Workflow type '" + type + "' is registered twice ("
          + previous.getClass().getName() + ", " + implementation.getName() + ")");
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

  /** The workflow registered as {@code type}, if there is one. */
  public Optional<Workflow<?, ?>> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** The type name of the registered instance of {@code type}. */
  public String typeOf(Class<?> type) {
    return byType.values().stream().filter(w -> w.getClass() == type).findFirst()
        .map(Workflow::type)
        .orElseThrow(() -> OperonException.invalid("Workflow class " + type.getName()
            + " is not registered: add an instance with SagaEngine.builder().workflows(...)"));
  }

  /**
   * {@code input}, handed in by a caller, as a JSON tree if it fits {@code workflow}'s input type
   * (see {@link InputCheck}); a VALIDATION error that starts with {@code what} (e.g. "Input"),
   * names the workflow type and the field that does not fit otherwise.
   */
  public static JsonNode checkedInput(Workflow<?, ?> workflow, Object input, String what) {
    return InputCheck.fitting(input, workflow.inputType(), what + " for workflow '" + workflow.type() + "'");
  }

  /**
   * {@code input} as stored by the engine (a schedule's, checked when it was scheduled), checked
   * to still decode as {@code workflow}'s input type the lenient way histories are read back; a
   * VALIDATION error starting with {@code what} otherwise.
   */
  public static JsonNode storedInput(Workflow<?, ?> workflow, JsonNode input, String what) {
    try {
      Json.value(input, workflow.inputType());
    } catch (OperonException e) {
      throw OperonException.invalid(what + " for workflow '" + workflow.type() + "' does not decode as "
          + workflow.inputType().getName() + ": " + e.getMessage());
    }
    return input;
  }
}
