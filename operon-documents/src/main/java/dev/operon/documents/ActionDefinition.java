package dev.operon.documents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One action type of a document model: its scope, input type, validator and reducer, and the
 * upcasters that bring an input of an older version to the current one (the first takes version 1
 * to 2, and so on; the current version is one more than their number).
 */
public record ActionDefinition<S, I>(String type, DocumentScope<S> scope, Class<I> inputType,
    InputValidator<? super I> validator, ActionReducer<S, I> reducer,
    List<UnaryOperator<JsonNode>> upcasters) {

  public ActionDefinition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(inputType, "inputType");
    Objects.requireNonNull(reducer, "reducer");
    validator = validator == null ? input -> { } : validator;
    upcasters = upcasters == null ? List.of() : List.copyOf(upcasters);
  }

  /** The version of this action type's input today. */
  public int version() {
    return upcasters.size() + 1;
  }

  /** {@code input} of version {@code from} brought to the current version. */
  public JsonNode upcast(JsonNode input, int from) {
    JsonNode current = input;
    for (int version = from; version < version(); version++) {
      current = upcasters.get(version - 1).apply(current.deepCopy());
    }
    return current;
  }

  /** Validates {@code input}; throws IllegalArgumentException if it is refused. */
  public void check(I input) {
    validator.check(input);
  }

  /** The state after applying {@code input} to {@code state}, which must be of the scope's type. */
  public Object reduce(Object state, I input) {
    return reducer.reduce(scope.stateType().cast(state), input);
  }
}
