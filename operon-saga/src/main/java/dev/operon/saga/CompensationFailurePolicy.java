package dev.operon.saga;

/**
 * What a rollback does when one of its compensations fails for good (after its retries): set with
 * {@link SagaEngineBuilder#compensationFailure(CompensationFailurePolicy)} and recorded in the
 * saga's CompensationStarted event, so that every worker follows the policy the rollback began
 * with. Either way the saga ends Failed, naming every compensation that failed, and
 * {@link SagaEngine#retryCompensation(String)} runs them (and any left over) again.
 */
public enum CompensationFailurePolicy {
  /**
   * The rollback stops at the failed compensation; the compensations after it stay owed. The
   * default (Compensating -> Failed on "Compensation failed").
   */
  STOP,
  /**
   * Every remaining compensation still runs; the saga ends Failed once all have run, naming each
   * one that failed.
   */
  CONTINUE
}
