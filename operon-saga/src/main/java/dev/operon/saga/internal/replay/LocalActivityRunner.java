package dev.operon.saga.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.ActivityOptions;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.internal.Json;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a local activity in this process: each attempt on its own virtual thread with the
 * activity's timeout, retried per its retry policy (sleeping the backoff), until it succeeds or
 * the policy gives up. Only the final result is recorded.
 */
public final class LocalActivityRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LocalActivityRunner.class);

  /** How the local activity ended: an output, or the failure of its last attempt; and how many attempts it took. */
  record Result(JsonNode output, SagaFailure failure, int attempts) {}

  /**
   * Runs {@code activity} with {@code options} (timeout and retry policy of each attempt) for step
   * {@code activityId} of saga {@code sagaId}.
   *
   * @throws OperonException of kind CANCELLED if the worker is interrupted meanwhile
   */
  Result run(Activity<?, ?> activity, ActivityOptions options, String sagaId, String activityId, JsonNode input) {
    for (int attempt = 1; ; attempt++) {
      ActivityContext ctx = new ActivityContext(sagaId, activityId, activity.typeId(), attempt);
      Throwable error;
      try {
        return new Result(execute(activity, ctx, input, options.timeout()), null, attempt);
      } catch (ExecutionException e) {
        error = e.getCause();
      } catch (TimeoutException e) {
        error = OperonException.of(ErrorKind.TIMEOUT, "Local activity '" + ctx.activityType() + "' (step "
            + activityId + ") of saga " + sagaId + " ran longer than " + options.timeout()).build();
      }
      boolean retryable = !(error instanceof OperonException o) || o.retryable();
      if (!retryable || !options.retry().allowsRetryAfter(attempt)) {
        return new Result(null, SagaFailure.of(error), attempt);
      }
      Duration delay = options.retry().delay(attempt, ThreadLocalRandom.current());
      LOG.debug("Saga {} local activity {} attempt {} failed, retrying in {}: {}", sagaId, activityId, attempt,
          delay, error.toString());
      sleep(delay, sagaId);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static JsonNode execute(Activity activity, ActivityContext ctx, JsonNode input, Duration timeout)
      throws ExecutionException, TimeoutException {
    FutureTask<JsonNode> attempt = new FutureTask<>(
        () -> Json.tree(activity.execute(ctx, Json.value(input, activity.inputType()))));
    Thread.ofVirtual().name("local-activity-" + ctx.activityType()).start(attempt);
    try {
      return attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      attempt.cancel(true);
      throw e;
    } catch (InterruptedException e) {
      attempt.cancel(true);
      throw interrupted(ctx.sagaId(), e);
    }
  }

  private static void sleep(Duration delay, String sagaId) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      throw interrupted(sagaId, e);
    }
  }

  private static OperonException interrupted(String sagaId, InterruptedException e) {
    Thread.currentThread().interrupt();
    return OperonException.of(ErrorKind.CANCELLED, "Interrupted while running a local activity of saga " + sagaId)
        .id(OperonException.Ids.SAGA, sagaId).cause(e).build();
  }
}
