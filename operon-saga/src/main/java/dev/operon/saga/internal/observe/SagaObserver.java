package dev.operon.saga.internal.observe;

import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.history.SagaHistory;
import java.util.List;

/** Hears of every append to a saga's history: inside its transaction, and once it committed. */
public interface SagaObserver {

  /**
   * {@code added} were appended after {@code before}, inside the append's transaction (when the
   * engine's backend has them): what this writes through ports of the same backend commits or
   * rolls back with the append. A failure here fails the append.
   */
  default void written(SagaHistory before, List<HistoryEvent> added) { }

  /** The append that turned {@code before} into {@code after} committed. Must not throw. */
  default void committed(SagaHistory before, SagaHistory after) { }

  /**
   * Whether {@link #written} writes to a store (then an append and what this writes are one
   * transaction); false: it only counts or logs, and an append may go alone to the event store's
   * group commit.
   */
  default boolean writes() {
    return false;
  }

  /** Both observers, {@code first} first. */
  static SagaObserver both(SagaObserver first, SagaObserver second) {
    return new SagaObserver() {
      @Override
      public void written(SagaHistory before, List<HistoryEvent> added) {
        first.written(before, added);
        second.written(before, added);
      }

      @Override
      public void committed(SagaHistory before, SagaHistory after) {
        first.committed(before, after);
        second.committed(before, after);
      }

      @Override
      public boolean writes() {
        return first.writes() || second.writes();
      }
    };
  }
}
