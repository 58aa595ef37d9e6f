package dev.operon.saga;

import java.time.Duration;

/**
 * A started saga.
 *
 * @param <O> its result type
 */
public interface SagaHandle<O> {

  /** The saga's id (its business id when one was given at start). */
  String id();

  /**
   * Waits up to {@code timeout} for the saga to finish and returns its result.
   *
   * @throws dev.operon.error.OperonException of kind TIMEOUT if it is still running; of the
   *     failure's kind if it failed with nothing to roll back; of kind CANCELLED if it was
   *     cancelled or rolled back (the message keeps the original failure); a
   *     {@link CompensationFailedException} (kind COMPENSATION) if its rollback failed
   */
  O result(Duration timeout);
}
