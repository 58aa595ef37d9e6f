package dev.operon.saga.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ConflictException;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.ActivityOptions;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one activity attempt on a virtual thread and records its result: ActivityTaskCompleted, or
 * ActivityTaskFailed with whether a retry follows (then the next attempt is published with the
 * retry policy's backoff). A task for a step that already has a result is dropped, so a
 * redelivered task never records a second result.
 */
public final class ActivityTaskProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityTaskProcessor.class);

  private final SagaRuntime runtime;
  private final EventFactory events;
  private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();

  public ActivityTaskProcessor(SagaRuntime runtime) {
    this.runtime = runtime;
    this.events = runtime.events();
  }

  /** Runs the attempt {@code task} names, unless its step already has a result. */
  public void process(ActivityTaskMessage task) {
    SagaHistory history = runtime.histories().load(task.sagaId());
    HistoryEvent scheduled = history.scheduled(task.activityId()).orElse(null);
    if (scheduled == null || history.outcome(task.activityId()).isPresent()
        || history.attemptRecorded(task.activityId(), task.attempt()) || history.terminal()) {
      LOG.debug("Saga {} step {} attempt {}: nothing to run", task.sagaId(), task.activityId(), task.attempt());
      return;
    }
    String type = scheduled.text(Attr.ACTIVITY_TYPE);
    Activity<?, ?> activity = runtime.activities().get(type).orElseThrow(() -> OperonException.of(
            ErrorKind.CONFIGURATION, "Activity type '" + type + "' of saga " + task.sagaId()
                + " is not registered on this worker; the task goes back to the queue for another worker")
        .id(OperonException.Ids.SAGA, task.sagaId()).retryable(true).build());
    ActivityOptions options = StepOptions.of(scheduled, runtime.activities());
    HeartbeatMonitor heartbeats = new HeartbeatMonitor(options.heartbeatTimeout());
    ActivityContext ctx = new ActivityContext(task.sagaId(), task.activityId(), type, task.attempt(),
        lastHeartbeat(history, task.activityId()), heartbeats::beat);
    record(task, run(activity, ctx, scheduled.attributes().get(Attr.INPUT), options, heartbeats));
  }

  /** The details of the newest heartbeat recorded with a failed attempt of {@code activityId}, or null. */
  private static JsonNode lastHeartbeat(SagaHistory history, String activityId) {
    JsonNode last = null;
    for (HistoryEvent e : history.events()) {
      JsonNode details = e.attributes().get(Attr.HEARTBEAT);
      if (e.eventType() == EventType.ACTIVITY_TASK_FAILED && activityId.equals(e.text(Attr.ACTIVITY_ID))
          && details != null && !details.isNull()) {
        last = details;
      }
    }
    return last;
  }

  /**
   * Records attempt {@code task} as timed out, unless it has a result: its timeout timer fired, so
   * its task or its worker was lost, or it is still running too long (a late result is dropped).
   */
  public void timeOut(ActivityTaskMessage task) {
    SagaHistory history = runtime.histories().load(task.sagaId());
    HistoryEvent scheduled = history.scheduled(task.activityId()).orElse(null);
    if (scheduled == null || history.outcome(task.activityId()).isPresent()
        || history.attemptRecorded(task.activityId(), task.attempt()) || history.terminal()) {
      return;
    }
    String type = scheduled.text(Attr.ACTIVITY_TYPE);
    ActivityOptions options = StepOptions.of(scheduled, runtime.activities());
    OperonException timeout = OperonException.of(ErrorKind.TIMEOUT, "Activity '" + type + "' (step "
        + task.activityId() + ", attempt " + task.attempt() + ") of saga " + task.sagaId()
        + " has no result within " + options.timeout() + ": its task or its worker was lost, or it hangs").build();
    LOG.warn(timeout.getMessage());
    record(task, new Attempt(null, timeout, options, null));
  }

  private record Attempt(JsonNode output, Throwable error, ActivityOptions options, JsonNode heartbeat) {}

  private Attempt run(Activity<?, ?> activity, ActivityContext ctx, JsonNode input, ActivityOptions options,
      HeartbeatMonitor heartbeats) {
    try {
      Object output = execute(activity, ctx, input, options.timeout(), heartbeats);
      return new Attempt(Json.tree(output), null, options, null);
    } catch (RuntimeException | Error e) {
      return new Attempt(null, e, options, heartbeats.details());
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object execute(Activity activity, ActivityContext ctx, JsonNode input, Duration timeout,
      HeartbeatMonitor heartbeats) {
    Object value = Json.value(input, activity.inputType());
    Future<Object> attempt = attempts.submit(() -> activity.execute(ctx, value));
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        long wait = heartbeats.required() ? Math.min(left, heartbeats.nanosLeft()) : left;
        try {
          return attempt.get(Math.max(wait, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (deadline - System.nanoTime() <= 0) {
            attempt.cancel(true);
            throw OperonException.of(ErrorKind.TIMEOUT, "Activity '" + ctx.activityType() + "' (step "
                + ctx.activityId() + ") of saga " + ctx.sagaId() + " ran longer than " + timeout).build();
          }
          if (heartbeats.required() && heartbeats.nanosLeft() <= 0) {
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

  private void record(ActivityTaskMessage task, Attempt result) {
    boolean retry = result.error() != null && retryable(result.error())
        && result.options().retry().allowsRetryAfter(task.attempt());
    HistoryEvent event = result.error() == null
        ? events.activityCompleted(task.sagaId(), task.activityId(), result.output(), task.attempt())
        : events.activityFailed(task.sagaId(), task.activityId(), failureOf(result.error()), task.attempt(), retry,
            result.heartbeat());
    long lastId = append(task, event);
    if (lastId < 0) {
      return;
    }
    runtime.timers().cancel(SagaRuntime.attemptTimerId(task));
    if (retry) {
      Duration delay = result.options().retry().delay(task.attempt(), ThreadLocalRandom.current());
      ActivityTaskMessage next = new ActivityTaskMessage(task.sagaId(), task.activityId(), task.attempt() + 1);
      runtime.apply(java.util.List.of(new Effect.RunActivity(next, delay, result.options().timeout())));
    } else {
      runtime.wake(task.sagaId(), lastId);
    }
  }

  /** Appends {@code event} unless the attempt already has a result; returns the new last id, or -1. */
  private long append(ActivityTaskMessage task, HistoryEvent event) {
    for (int i = 0; i < SagaRuntime.MAX_CONFLICTS; i++) {
      SagaHistory history = runtime.histories().load(task.sagaId());
      if (history.attemptRecorded(task.activityId(), task.attempt()) || history.terminal()) {
        return -1;
      }
      try {
        return runtime.histories().append(history, java.util.List.of(event));
      } catch (ConflictException e) {
        LOG.debug("Saga {}: conflict recording step {}, retrying", task.sagaId(), task.activityId());
      }
    }
    throw OperonException.of(ErrorKind.CONCURRENCY, "Saga " + task.sagaId() + ": gave up recording step "
        + task.activityId() + " after " + SagaRuntime.MAX_CONFLICTS + " conflicts").build();
  }

  private static boolean retryable(Throwable error) {
    return !(error instanceof OperonException o) || o.retryable();
  }

  private static SagaFailure failureOf(Throwable error) {
    return SagaFailure.of(error instanceof ActivityError wrapped ? wrapped.getCause() : error);
  }

  @Override
  public void close() {
    attempts.shutdownNow();
  }

  /** Carries a checked exception an activity threw. */
  private static final class ActivityError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ActivityError(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
