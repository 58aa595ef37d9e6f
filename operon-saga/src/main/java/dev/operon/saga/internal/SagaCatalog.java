package dev.operon.saga.internal;

/**
 * Where the reconciler and the watchdog find sagas to look at. Today the ids come from scanning
 * the event store's global log ({@link HistoryStore#sagaIds()}); a visibility index can answer
 * instead, and should then list only unfinished sagas.
 */
@FunctionalInterface
public interface SagaCatalog {
  /** Ids of sagas that may be unfinished (finished ones may be included; callers check). */
  Iterable<String> candidateSagaIds();

  /** The catalog that scans the global log of {@code histories}. */
  static SagaCatalog scanning(HistoryStore histories) {
    return histories::sagaIds;
  }
}
