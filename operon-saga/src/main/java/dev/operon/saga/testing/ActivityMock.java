package dev.operon.saga.testing;

import dev.operon.saga.ActivityContext;

/**
 * What a mocked activity does in a {@link SagaTestEnvironment}, in place of the activity's own
 * code: a lambda from the step's input to its output. Throw to fail the attempt, as the activity
 * would.
 *
 * @param <I> the activity's input type
 * @param <O> the activity's output type
 */
@FunctionalInterface
public interface ActivityMock<I, O> {

  /** Runs one attempt of the mocked step. */
  O execute(ActivityContext ctx, I input) throws Exception;
}
