package dev.operon.commands.internal;

import dev.operon.commands.CommandContext;
import dev.operon.commands.CommandFilter;
import dev.operon.commands.FilterPriorities;
import dev.operon.commands.Invalidation;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an outermost command again, with the same operation id, when its persistent operation
 * failed for a reason that goes away by itself: a serialization failure (SQLState 40001), a
 * deadlock (40P01) or an optimistic-concurrency conflict. Up to {@code retries} times, waiting
 * {@code firstDelay}, then twice as long each time up to {@code maxDelay}. Never a transient
 * operation (its in-memory effects cannot be rolled back) and never another failure.
 */
final class OperationReprocessor implements CommandFilter {
  private static final Logger LOG = LoggerFactory.getLogger(OperationReprocessor.class);

  private final OperationLog log;
  private final int retries;
  private final Duration firstDelay;
  private final Duration maxDelay;

  OperationReprocessor(OperationLog log, int retries, Duration firstDelay, Duration maxDelay) {
    this.log = log;
    this.retries = retries;
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
  }

  @Override
  public int priority() {
    return FilterPriorities.OPERATION_REPROCESSOR;
  }

  @Override
  public Object invoke(CommandContext context, Next next) throws Exception {
    if (!context.isOutermost() || Invalidation.isActive() || context.command() instanceof Completion) {
      return next.proceed();
    }
    ExecutionContext execution = (ExecutionContext) context;
    long delay = firstDelay.toMillis();
    for (int attempt = 0; ; attempt++) {
      try {
        return next.proceed();
      } catch (Exception e) {
        OperationState operation = execution.operationState();
        if (attempt >= retries || operation == null || operation.isTransient() || !log.isTransientFailure(e)) {
          throw e;
        }
        LOG.info("Running command {} again (operation {}, retry {} of {}) after {}",
            context.command().getClass().getName(), operation.id(), attempt + 1, retries, e.toString());
        execution.reuseOperationId(operation.ulid());
        execution.resetForRetry();
        if (delay > 0) {
          Thread.sleep(delay);
          delay = Math.min(maxDelay.toMillis(), delay * 2);
        }
      }
    }
  }
}
