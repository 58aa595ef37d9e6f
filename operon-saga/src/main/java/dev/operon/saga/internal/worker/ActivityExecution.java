package dev.operon.saga.internal.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.internal.Json;
import dev.operon.tracking.CorrelationContext;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one activity attempt's code until its timeout: on the calling (worker) thread, interrupted
 * at the timeout, or, for an activity with a heartbeat timeout, on a virtual thread of its own
 * while the caller watches both the timeout and the heartbeats. Returns the activity's output or
 * throws what it threw (a checked exception wrapped in {@link ActivityError}), or a TIMEOUT.
 */
final class ActivityExecution {
  private final ExecutorService attempts;
  private final ScheduledExecutorService timeouts;

  /**
   * @param attempts where activities with a heartbeat timeout run
   * @param timeouts what interrupts an activity running on its worker's thread at its timeout
   */
  ActivityExecution(ExecutorService attempts, ScheduledExecutorService timeouts) {
    this.attempts = attempts;
    this.timeouts = timeouts;
  }

  /**
   * Runs an activity without a heartbeat timeout on the worker's own thread (no hop to another
   * thread), interrupted by a scheduler at its timeout.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Object onThisThread(Activity activity, ActivityContext ctx, JsonNode input, Duration timeout) {
    Object value = Json.value(input, activity.inputType());
    Thread runner = Thread.currentThread();
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> deadline = timeouts.schedule(() -> {
      timedOut.set(true);
      runner.interrupt();
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      Object output = activity.execute(ctx, value);
      if (timedOut.get()) {
        throw ranLonger(ctx, timeout);
      }
      return output;
    } catch (InterruptedException e) {
      if (timedOut.get()) {
        throw ranLonger(ctx, timeout);
      }
      Thread.currentThread().interrupt();
      throw new OperonException(ErrorKind.ACTIVITY_EXECUTION, "Interrupted while running activity '"
          + ctx.activityType() + "' of saga " + ctx.sagaId(), e);
    } catch (RuntimeException e) {
      throw timedOut.get() ? ranLonger(ctx, timeout) : e;
    } catch (Exception e) {
      throw timedOut.get() ? ranLonger(ctx, timeout) : new ActivityError(e);
    } finally {
      deadline.cancel(false);
      if (timedOut.get()) {
        Thread.interrupted(); // the interrupt was ours, to stop the activity: clear it
      }
    }
  }

  /**
   * Runs an activity with a heartbeat timeout on a virtual thread of its own, watching both its
   * timeout and its heartbeats.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Object watched(Activity activity, ActivityContext ctx, JsonNode input, Duration timeout,
      HeartbeatMonitor heartbeats) {
    Object value = Json.value(input, activity.inputType());
    CorrelationContext context = CorrelationContext.current().orElse(null);
    Future<Object> attempt = attempts.submit(io.opentelemetry.context.Context.current().wrap(() -> {
      if (context == null) {
        return activity.execute(ctx, value);
      }
      try (CorrelationContext.Scope scope = context.activate()) {
        return activity.execute(ctx, value);
      }
    }));
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        long wait = Math.min(left, heartbeats.nanosLeft());
        try {
          return attempt.get(Math.max(wait, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (deadline - System.nanoTime() <= 0) {
            attempt.cancel(true);
            throw ranLonger(ctx, timeout);
          }
          if (heartbeats.nanosLeft() <= 0) {
            attempt.cancel(true);
            throw OperonException.of(ErrorKind.TIMEOUT, "Activity '" + ctx.activityType() + "' (step "
                + ctx.activityId() + ", attempt " + ctx.attempt() + ") of saga " + ctx.sagaId()
                + " sent no heartbeat within its heartbeat timeout of " + heartbeats.timeout()).build();
          }
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new ActivityError(cause);
    } catch (InterruptedException e) {
      attempt.cancel(true);
      Thread.currentThread().interrupt();
      throw new OperonException(ErrorKind.ACTIVITY_EXECUTION, "Interrupted while running activity '"
          + ctx.activityType() + "' of saga " + ctx.sagaId(), e);
    }
  }

  private static OperonException ranLonger(ActivityContext ctx, Duration timeout) {
    return OperonException.of(ErrorKind.TIMEOUT, "Activity '" + ctx.activityType() + "' (step "
        + ctx.activityId() + ") of saga " + ctx.sagaId() + " ran longer than " + timeout).build();
  }

  /** Carries a checked exception an activity threw. */
  static final class ActivityError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ActivityError(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
