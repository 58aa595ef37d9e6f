package dev.operon.saga;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of the saga state table: a move from one state to another, from the initial point
 * into a state, or from a state to the final point, with what triggers it.
 */
public record SagaTransition(Optional<SagaState> from, Optional<SagaState> to, String trigger) {
  public SagaTransition {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(trigger, "trigger");
    if (from.isEmpty() && to.isEmpty()) {
      throw new IllegalArgumentException("a transition needs a from or a to state");
    }
  }

  /** A move between two states. */
  public static SagaTransition of(SagaState from, SagaState to, String trigger) {
    return new SagaTransition(Optional.of(from), Optional.of(to), trigger);
  }

  /** The move from the initial point into {@code to}. */
  public static SagaTransition start(SagaState to, String trigger) {
    return new SagaTransition(Optional.empty(), Optional.of(to), trigger);
  }

  /** The move from {@code from} to the final point. */
  public static SagaTransition end(SagaState from, String trigger) {
    return new SagaTransition(Optional.of(from), Optional.empty(), trigger);
  }

  /** "Initial", "Terminal" or the state's name as in {@link SagaStateMachine#TABLE}. */
  static String label(Optional<SagaState> state, String none) {
    return state.map(s -> StoredNames.camelCase(s.name())).orElse(none);
  }

  @Override
  public String toString() {
    return label(from, "Initial") + " -> " + label(to, "Terminal") + " (" + trigger + ")";
  }
}
