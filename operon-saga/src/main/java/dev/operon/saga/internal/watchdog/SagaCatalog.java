package dev.operon.saga.internal.watchdog;

/**
 * Where the reconciler and the watchdog find sagas to look at: the engine passes its visibility
 * index's unfinished sagas ({@link SagaIndex#unfinished()}).
 */
@FunctionalInterface
public interface SagaCatalog {
  /** Ids of sagas that may be unfinished (finished ones may be included; callers check). */
  Iterable<String> candidateSagaIds();
}
