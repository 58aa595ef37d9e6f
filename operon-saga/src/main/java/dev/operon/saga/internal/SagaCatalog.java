package dev.operon.saga.internal;

import dev.operon.eventstore.EventStore;

/**
 * Where the reconciler and the watchdog find sagas to look at. Today the ids come from the event
 * store's global log, read incrementally ({@link #scanning(EventStore)}); a visibility index can
 * answer instead.
 */
@FunctionalInterface
public interface SagaCatalog {
  /** Ids of sagas that may be unfinished (finished ones may be included; callers check). */
  Iterable<String> candidateSagaIds();

  /** The catalog that follows the global log of {@code store}. */
  static SagaCatalog scanning(EventStore store) {
    return new LogScanningCatalog(store);
  }
}
