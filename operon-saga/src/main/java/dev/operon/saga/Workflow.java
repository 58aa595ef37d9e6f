package dev.operon.saga;

import dev.operon.saga.internal.TypeArguments;
import java.time.Duration;
import java.util.Optional;

/**
 * A saga definition: deterministic code that calls activities, sleeps and waits for signals
 * through its {@link WorkflowContext}. The engine re-executes {@link #run} from the saga's history
 * on every transition: recorded results are served from history, the first unrecorded step is
 * scheduled, and the execution pauses (holding no thread) until that step finishes.
 *
 * <p>Deterministic means: given the same history, {@code run} asks for the same steps in the same
 * order. Read time through {@link WorkflowContext#now()}, never the system clock; do I/O only in
 * activities.
 *
 * @param <I> the input type (encoded as JSON)
 * @param <O> the result type (encoded as JSON)
 */
public interface Workflow<I, O> {

  /** Runs (or replays) the saga for {@code input}, returning its result. */
  O run(WorkflowContext ctx, I input);

  /**
   * The name this workflow is registered and started under, recorded in every history; the simple
   * class name by default. A lambda or an anonymous class has no stable name: registering one that
   * does not override this is a VALIDATION error.
   */
  default String type() {
    return getClass().getSimpleName();
  }

  /**
   * How long a saga of this workflow may run before it is stopped as if cancelled, with a failure
   * of kind TIMEOUT (its compensations run); empty (the default) for no limit.
   */
  default Optional<Duration> timeout() {
    return Optional.empty();
  }

  /** The input class; resolved from the type arguments, override if they are not concrete. */
  default Class<I> inputType() {
    return TypeArguments.resolve(getClass(), Workflow.class, 0);
  }

  /** The result class; resolved from the type arguments, override if they are not concrete. */
  default Class<O> outputType() {
    return TypeArguments.resolve(getClass(), Workflow.class, 1);
  }
}
