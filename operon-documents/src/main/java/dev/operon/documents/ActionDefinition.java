package dev.operon.documents;

import java.util.Objects;

/** One action type of a document model: its scope, input type, validator and reducer. */
public record ActionDefinition<S, I>(String type, DocumentScope<S> scope, Class<I> inputType,
    InputValidator<? super I> validator, ActionReducer<S, I> reducer) {

  public ActionDefinition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(inputType, "inputType");
    Objects.requireNonNull(reducer, "reducer");
    validator = validator == null ? input -> { } : validator;
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
