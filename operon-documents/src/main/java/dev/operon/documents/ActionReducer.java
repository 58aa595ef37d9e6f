package dev.operon.documents;

/**
 * How an action of one type changes its scope's state: a pure function of the state and the input.
 * It returns a new state and changes nothing else; if it throws, the operation is recorded with the
 * error and the state stays as it was.
 */
@FunctionalInterface
public interface ActionReducer<S, I> {
  S reduce(S state, I input);
}
