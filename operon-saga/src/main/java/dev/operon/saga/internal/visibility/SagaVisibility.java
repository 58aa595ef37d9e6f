package dev.operon.saga.internal.visibility;

import dev.operon.saga.SagaPage;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaSummary;
import java.util.List;
import java.util.Optional;

/**
 * The sagas as {@code list}, recovery, the reconciler and the watchdog see them: one row per saga,
 * written with each append to its history (in the append's transaction where the store is the
 * event store's database), read without reading any history. An engine's start reads nothing
 * whose size grows with the number of finished sagas.
 */
public interface SagaVisibility {

  /** Writes the row of a saga after an append, joining the calling thread's transaction if any. */
  void record(SagaRow row);

  /** The saga's summary, if it has started. */
  Optional<SagaSummary> get(String sagaId);

  /**
   * One page of the sagas {@code query} matches, oldest start first (keyset pagination). VALIDATION
   * error naming {@code pageToken} if the query's page token was not issued by this store or was
   * changed (see {@link PageTokens}).
   */
  SagaPage list(SagaQuery query);

  /**
   * Up to {@code limit} ids of sagas recovery must look at (unfinished, or continued as new into a
   * run not started yet), in id order, after {@code afterSagaId} (null: from the first).
   */
  List<String> open(String afterSagaId, int limit);

  /** Every open saga id, read in pages of {@code page}, for a pass over them. */
  default Iterable<String> allOpen(int page) {
    return () -> new java.util.Iterator<>() {
      private List<String> batch = open(null, page);
      private int index;

      @Override
      public boolean hasNext() {
        if (index < batch.size()) {
          return true;
        }
        if (batch.size() < page) {
          return false;
        }
        batch = open(batch.get(batch.size() - 1), page);
        index = 0;
        return !batch.isEmpty();
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return batch.get(index++);
      }
    };
  }
}
