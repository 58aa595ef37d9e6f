package dev.operon.saga.internal;

import dev.operon.codec.Codec;
import dev.operon.error.OperonException;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.TaskQueue;
import dev.operon.runtime.OptimisticAppend;
import dev.operon.saga.ActivityRegistry;
import dev.operon.saga.CompensationFailurePolicy;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.replay.Effect;
import dev.operon.saga.internal.worker.ActivityTaskMessage;
import dev.operon.saga.internal.worker.AttemptLeases;
import dev.operon.saga.internal.worker.WorkflowTaskMessage;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStore;
import dev.operon.timer.TimerType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the engine's parts share: the ports, the registries, the queue names, the clock, the
 * policy for failed compensations. Also runs the {@link Effect}s of a decision once its events
 * are appended.
 */
public record SagaRuntime(
    HistoryStore histories,
    TaskQueue queue,
    TimerStore timers,
    Clock clock,
    ActivityRegistry activities,
    WorkflowRegistry workflows,
    String workflowQueue,
    String activityQueue,
    Transitions transitions,
    Duration attemptLease,
    SagaMetrics metrics,
    CompensationFailurePolicy compensationFailure) {

  /** How long a running activity attempt whose worker stopped renewing it waits before it runs again elsewhere. */
  public static final Duration DEFAULT_ATTEMPT_LEASE = Duration.ofSeconds(30);

  /** A runtime whose writes each commit on their own ({@link Transitions#direct()}). */
  public SagaRuntime(HistoryStore histories, TaskQueue queue, TimerStore timers, Clock clock,
      ActivityRegistry activities, WorkflowRegistry workflows, String workflowQueue, String activityQueue) {
    this(histories, queue, timers, clock, activities, workflows, workflowQueue, activityQueue, Transitions.direct());
  }

  /** A runtime with the default attempt lease, whose rollbacks stop at a failed compensation. */
  public SagaRuntime(HistoryStore histories, TaskQueue queue, TimerStore timers, Clock clock,
      ActivityRegistry activities, WorkflowRegistry workflows, String workflowQueue, String activityQueue,
      Transitions transitions) {
    this(histories, queue, timers, clock, activities, workflows, workflowQueue, activityQueue, transitions,
        DEFAULT_ATTEMPT_LEASE, SagaMetrics.none(), CompensationFailurePolicy.STOP);
  }

  /**
   * Runs {@code attempt} (load saga {@code sagaId}'s history, decide, append with the expected last
   * id) again while it loses the append to another writer; gives up with one CONCURRENCY error
   * naming the saga and the tries (see {@link OptimisticAppend}).
   */
  public <T> T appendRetrying(String sagaId, String what, Supplier<T> attempt) {
    return OptimisticAppend.withDefaultTries().run(sagaId, what, Map.of(OperonException.Ids.SAGA, sagaId), attempt);
  }

  private static final Codec CODEC = Codec.json();

  /** A factory of history events stamped with this runtime's clock. */
  public EventFactory events() {
    return new EventFactory(clock);
  }

  /**
   * Asks a worker to replay saga {@code sagaId}. Wake-ups for the same history length are
   * deduplicated while one is queued; a new event makes a new one.
   */
  public void wake(String sagaId, long lastEventId) {
    byte[] payload = CODEC.encode(new WorkflowTaskMessage(sagaId));
    transitions.publish("wake saga " + sagaId,
        () -> queue.publish(workflowQueue, payload, PublishOptions.dedup("wf/" + sagaId + "/" + lastEventId)));
  }

  /**
   * Wakes saga {@code sagaId} even if a wake-up for this history length was published and handled
   * before: a queue whose dedup window outlives the task (NATS JetStream's duplicate window) drops
   * a second {@link #wake} with the same key. {@code round} tells one recovery round from another.
   */
  public void wakeAgain(String sagaId, long lastEventId, String round) {
    byte[] payload = CODEC.encode(new WorkflowTaskMessage(sagaId));
    transitions.publish("wake saga " + sagaId + " again", () ->
        queue.publish(workflowQueue, payload, PublishOptions.dedup("wf/" + sagaId + "/" + lastEventId + "/" + round)));
  }

  public void apply(List<Effect> effects) {
    apply(effects, run -> false);
  }

  /**
   * Runs {@code effects}, except that an activity attempt {@code runHere} accepts is neither
   * published nor given a timer row: the caller runs it in this process, which enforces its
   * deadline itself and writes the attempt's lease timer only if it runs longer than
   * {@link dev.operon.saga.internal.worker.AttemptLeases#FIRST_WRITE} (if the process dies first,
   * the reconciler finds the quiet saga's attempt without a live timer and publishes it again, as
   * recovery on the next start does). Returns those attempts.
   */
  public List<ActivityTaskMessage> apply(List<Effect> effects, Predicate<Effect.RunActivity> runHere) {
    List<ActivityTaskMessage> kept = new ArrayList<>(1);
    for (Effect effect : effects) {
      switch (effect) {
        case Effect.RunActivity run when runHere.test(run) -> kept.add(run.task());
        case Effect.RunActivity run -> publish(run);
        case Effect.RetryActivity retry -> retry(retry);
        case Effect.StartTimer start -> timers.create(start.timer());
        case Effect.StopTimer stop -> timers.cancel(stop.timerId());
        // writes to other histories: after this transition commits (their own repair paths cover a crash)
        case Effect.StartChild child -> transitions.afterCommit(
            "start child " + child.activityId() + " of saga " + child.parentSagaId(), () -> new ChildWorkflows(this).start(child.parentSagaId(), child.activityId()));
        case Effect.ApplyParentClose close -> transitions.afterCommit(
            "apply parent-close policy to child saga " + close.childSagaId(), () -> new ChildWorkflows(this).applyPolicy(close.parentSagaId(), close.childSagaId(), close.policy()));
        case Effect.StartNextRun next -> transitions.afterCommit(
            "start the next run of saga " + next.sagaId(), () -> new ContinuedRuns(this).startNext(next.sagaId()));
      }
    }
    return kept;
  }

  /**
   * Appends {@code events} after {@code history} (see {@link HistoryStore#record}); inside a
   * transition, the history is held and its waiters woken once the transition commits.
   */
  public SagaHistory record(SagaHistory history, List<HistoryEvent> events) {
    return record(history, history.plus(events));
  }

  /** {@link #record(SagaHistory, List)} with the history after the append already built. */
  public SagaHistory record(SagaHistory history, SagaHistory planned) {
    if (!transitions.atomic()) {
      return histories.record(history, planned);
    }
    SagaHistory after = histories.write(history, planned);
    transitions.afterCommit("hold the history of saga " + after.sagaId() + " and wake its waiters",
        () -> histories.recorded(history, after));
    return after;
  }

  /** Runs {@code work} as one transition (see {@link Transitions}). */
  public <T> T transition(java.util.function.Supplier<T> work) {
    return transitions.run(work);
  }

  /** The id of the timeout timer of one activity attempt. */
  public static String attemptTimerId(ActivityTaskMessage task) {
    return task.sagaId() + "/activity-" + task.activityId() + "-" + task.attempt();
  }

  /** The id of the backoff timer before attempt {@code task}. */
  public static String retryTimerId(ActivityTaskMessage task) {
    return task.sagaId() + "/retry-" + task.activityId() + "-" + task.attempt();
  }

  private void retry(Effect.RetryActivity retry) {
    if (retry.delay().isZero()) {
      publish(new Effect.RunActivity(retry.task(), Duration.ZERO, retry.timeout()));
      return;
    }
    ActivityTaskMessage task = retry.task();
    timers.create(new NewTimer(retryTimerId(task), task.sagaId(), TimerType.RETRY_BACKOFF,
        clock.instant().plus(retry.delay()), CODEC.encode(task)));
  }

  private void publish(Effect.RunActivity run) {
    enqueue(startTimeoutTimer(run), run.delay());
  }

  /**
   * Creates the timeout timer of attempt {@code run}, due at its deadline while it waits in the
   * queue (see {@link AttemptLeases}). Returns the attempt with its deadline: the one its timer
   * already has if the timer exists (its retry timer fired again after the first firing died before
   * it was done), as a worker takes the attempt's lease only at the deadline its timer waits for.
   */
  private ActivityTaskMessage startTimeoutTimer(Effect.RunActivity run) {
    Instant deadline = clock.instant().plus(run.delay()).plus(run.timeout());
    ActivityTaskMessage task = run.task().withDeadline(deadline);
    byte[] payload = CODEC.encode(task);
    Timer timer = timers.create(new NewTimer(attemptTimerId(task), task.sagaId(), TimerType.ACTIVITY_TIMEOUT, deadline,
        payload));
    return java.util.Arrays.equals(timer.payload(), payload) ? task : decode(timer.payload(), ActivityTaskMessage.class);
  }

  /** Publishes activity attempt {@code task} after {@code delay}, deduplicated per attempt. */
  public void enqueue(ActivityTaskMessage task, Duration delay) {
    String dedup = "act/" + task.sagaId() + "/" + task.activityId() + "/" + task.attempt();
    byte[] payload = CODEC.encode(task);
    transitions.publish("publish activity attempt " + dedup,
        () -> queue.publish(activityQueue, payload, new PublishOptions(delay, dedup)));
  }

  public static byte[] encode(Object value) {
    return CODEC.encode(value);
  }

  public static <T> T decode(byte[] payload, Class<T> type) {
    return CODEC.decode(payload, type);
  }
}
