package dev.operon.saga;

import dev.operon.saga.internal.TypeArguments;
import dev.operon.saga.internal.TypeIds;

/**
 * A typed unit of work that a saga step runs, at least once, on a worker. Make it
 * effectively once with {@link ActivityContext#idempotencyKey()}.
 *
 * @param <I> the input type (encoded as JSON)
 * @param <O> the output type (encoded as JSON); {@code Void} for none
 */
public interface Activity<I, O> {

  /** Does the work. Throw to fail; see {@link ActivityOptions#retry()} for what is retried. */
  O execute(ActivityContext ctx, I input) throws Exception;

  /**
   * The stable type id recorded in histories; the simple class name in kebab case by default. A
   * lambda or an anonymous class has no stable name: registering one that does not override this
   * is a VALIDATION error (see {@link ActivityRegistry#register(Activity)}).
   */
  default String typeId() {
    return TypeIds.of(getClass());
  }

  /** Timeout and retry policy of this activity. */
  default ActivityOptions options() {
    return ActivityOptions.DEFAULT;
  }

  /** The input class; resolved from the type arguments, override if they are not concrete. */
  default Class<I> inputType() {
    return TypeArguments.resolve(getClass(), Activity.class, 0);
  }

  /** The output class; resolved from the type arguments, override if they are not concrete. */
  default Class<O> outputType() {
    return TypeArguments.resolve(getClass(), Activity.class, 1);
  }
}
