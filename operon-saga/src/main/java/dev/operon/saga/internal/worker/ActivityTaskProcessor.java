package dev.operon.saga.internal.worker;

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
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.observe.SagaContextScope;
import dev.operon.saga.internal.observe.TrackedSagas;
import dev.operon.tracking.CorrelationContext;
import dev.operon.saga.internal.replay.Decision;
import dev.operon.saga.internal.replay.Effect;
import dev.operon.saga.internal.replay.StepOptions;
import dev.operon.timer.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one activity attempt on the worker's (virtual) thread, interrupting it at its timeout, and
 * records its result: ActivityTaskCompleted, or
 * ActivityTaskFailed with whether a retry follows (then a RETRY_BACKOFF timer publishes the next
 * attempt after the retry policy's backoff). A task for a step that already has a result is dropped, so a
 * redelivered task never records a second result.
 *
 * <p><b>Local continuation.</b> A result that ends the attempt for good is not handed to another
 * worker through the workflow queue: this worker replays the saga with the result added and
 * appends the result and what the workflow decides next in one append (with the expected last id,
 * so a concurrent writer makes it replay again). If the next step is an activity due now whose type
 * is registered here, the worker runs it at once, on the history it holds, without a read or a
 * queue round trip, and without a timer row unless it runs for more than a second (see
 * {@link AttemptLeases}): a process that dies before that leaves the attempt to the reconciler or
 * the next start's recovery, which record it as lost and run it again. A result whose append is
 * all its transition writes goes to the event store's group commit. When this worker
 * cannot replay the saga (its workflow is not registered here, or the replay fails), it records the
 * result alone and wakes the saga through the queue, as a worker without continuation does.
 */
public final class ActivityTaskProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityTaskProcessor.class);

  private final SagaRuntime runtime;
  private final WorkflowTaskProcessor workflows;
  private final boolean continueLocally;
  private final EventFactory events;
  private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
  /** Interrupts an activity that runs past its timeout (it runs on the worker's own thread). */
  private final ScheduledThreadPoolExecutor timeouts = timeoutScheduler();
  private final RunningAttempts running;
  private final AttemptLeases leases;
  private final ActivityExecution execution = new ActivityExecution(attempts, timeouts);

  /** A processor that records results and wakes the saga through the queue. */
  public ActivityTaskProcessor(SagaRuntime runtime) {
    this(runtime, null, false);
  }

  /**
   * A processor that continues sagas itself when {@code continueLocally} is set, deciding their next
   * step with {@code workflows}.
   */
  public ActivityTaskProcessor(SagaRuntime runtime, WorkflowTaskProcessor workflows, boolean continueLocally) {
    this.runtime = runtime;
    this.workflows = workflows;
    this.continueLocally = continueLocally && workflows != null;
    this.running = workflows == null ? new RunningAttempts() : workflows.running();
    this.events = runtime.events();
    this.leases = new AttemptLeases(runtime);
  }

  /**
   * Runs the attempt {@code task} names, unless its step already has a result; with local
   * continuation, then runs the steps that follow as long as this worker can.
   */
  public void process(ActivityTaskMessage task) {
    process(task, () -> { });
  }

  /**
   * Runs the attempt a queue delivered, as {@link #process(ActivityTaskMessage)}; {@code delivered}
   * acknowledges the task, once this worker holds the attempt's lease (so a long attempt is never
   * delivered to a second worker while it runs), or when there is nothing to run.
   */
  public void process(ActivityTaskMessage task, Runnable delivered) {
    if (!running.claim(task)) {
      LOG.debug("Saga {} step {} attempt {}: held in this process; looking at it again once released",
          task.sagaId(), task.activityId(), task.attempt());
      running.afterRelease(task, () -> {
        try {
          process(task, () -> { });
        } catch (RuntimeException e) {
          LOG.warn("Saga {} step {} attempt {}: could not run it after its claim here ended; its timer will: {}",
              task.sagaId(), task.activityId(), task.attempt(), e.toString());
        }
      });
      return;
    }
    continueWith(new Continuation(task, runtime.histories().load(task.sagaId()),
        java.util.concurrent.CompletableFuture.completedFuture(null), delivered));
  }

  /**
   * Runs the attempt {@code next} holds (claimed in {@link RunningAttempts} by whoever kept it) on
   * its history, and the ones that follow it here.
   */
  public void continueWith(Continuation next) {
    while (next != null) {
      Continuation current = next;
      try (CorrelationContext.Scope saga = SagaContextScope.of(current.history())) {
        next = runUnlessRecorded(current);
      } catch (RuntimeException e) {
        handOver(current.task());
        wakeAfterFailedEffects(current.history());
        throw e;
      } finally {
        running.release(current.task());
      }
    }
  }

  /**
   * Wakes the saga through the queue after the writes that follow one of its appends failed here
   * (a timer, a child's start, the next run's start): a workflow task then redoes what is missing,
   * as it does when its own follow-up writes fail. Best effort: recovery remains if this fails too.
   */
  private void wakeAfterFailedEffects(SagaHistory history) {
    try {
      runtime.wake(history.sagaId(), history.lastEventId());
    } catch (RuntimeException e) {
      LOG.warn("Saga {}: could not wake it after a failed write; recovery will: {}", history.sagaId(), e.toString());
    }
  }

  /**
   * Publishes attempt {@code task}, which this worker kept but could not finish (recording its
   * result failed), so that a worker retries it soon rather than when its timeout timer fires. A
   * task that already has a result is dropped by whoever fetches it.
   */
  private void handOver(ActivityTaskMessage task) {
    try {
      runtime.enqueue(leases.giveBack(task), Duration.ofSeconds(1));
    } catch (RuntimeException e) {
      LOG.warn("Saga {} step {}: could not publish attempt {}; its timeout timer will retry it: {}",
          task.sagaId(), task.activityId(), task.attempt(), e.toString());
    }
  }

  private Continuation runUnlessRecorded(Continuation current) {
    ActivityTaskMessage task = current.task();
    SagaHistory history = current.history();
    HistoryEvent scheduled = history.scheduled(task.activityId()).orElse(null);
    if (scheduled == null || history.outcome(task.activityId()).isPresent()
        || history.attemptRecorded(task.activityId(), task.attempt()) || history.terminal()) {
      LOG.debug("Saga {} step {} attempt {}: nothing to run", task.sagaId(), task.activityId(), task.attempt());
      current.awaitEffects();
      return null;
    }
    String type = scheduled.text(Attr.ACTIVITY_TYPE);
    Activity<?, ?> activity = runtime.activities().get(type).orElseThrow(() -> OperonException.of(
            ErrorKind.CONFIGURATION, "Activity type '" + type + "' of saga " + task.sagaId()
                + " is not registered on this worker; the task goes back to the queue for another worker")
        .id(OperonException.Ids.SAGA, task.sagaId()).retryable(true).build());
    ActivityOptions options = StepOptions.of(scheduled, runtime.activities());
    Instant deadline = task.deadline() != null ? task.deadline() : runtime.clock().instant().plus(options.timeout());
    AttemptLeases.Take take = AttemptLeases.Take.LEASED;
    if (current.delivered() != null) {
      take = leases.take(task, deadline);
      current.delivered().run();
      if (take == AttemptLeases.Take.HELD) {
        current.awaitEffects();
        return null;
      }
    }
    HeartbeatMonitor heartbeats = new HeartbeatMonitor(options.heartbeatTimeout());
    String keyId = scheduled.text(Attr.RETRY_OF) == null ? task.activityId() : scheduled.text(Attr.RETRY_OF);
    StepHeartbeats tracked = new StepHeartbeats(runtime.metrics().tracker().orElse(null),
        TrackedSagas.stepOperationId(task.sagaId(), task.activityId()));
    ActivityContext ctx = new ActivityContext(task.sagaId(), task.activityId(), type, task.attempt(),
        lastHeartbeat(history, task.activityId()), details -> {
          heartbeats.beat(details);
          tracked.beat();
        }, keyId);
    Attempt attempt;
    Thread runner = Thread.currentThread();
    Duration timeout = Duration.between(runtime.clock().instant(), deadline);
    ActivitySpan span = ActivitySpan.start(runtime.metrics(), history, task, type);
    boolean delivered = current.delivered() != null;
    boolean timed = delivered;
    try (AttemptLeases.Renewal lease = take == AttemptLeases.Take.LEASED
        ? leases.keep(task, deadline, delivered, runner::interrupt, () -> recordHung(task, options), timeouts,
            attempts)
        : null) {
      try (CorrelationContext.Scope inSpan = span.activate()) {
        attempt = run(activity, ctx, scheduled.attributes().get(Attr.INPUT), options,
            timeout.isPositive() ? timeout : Duration.ofMillis(1), heartbeats);
      }
      span.end(attempt.error());
      if (lease != null) {
        lease.close();
        timed = lease.written();
      }
      if (lease != null && lease.lost()) {
        Thread.interrupted(); // the interrupt stopped the attempt; whoever took its lease (or this worker, if it hung) recorded it
        current.awaitEffects();
        return null;
      }
    }
    current.awaitEffects();
    return record(task, history, attempt, continueLocally, timed);
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
   * Handles {@code timer}, the timeout timer of an attempt, unless the attempt has a result. A
   * timer due at the attempt's deadline was never taken by a worker: the attempt never started (its
   * task was lost, or waited in the queue all along). Any other timer was the lease of the worker
   * that took the attempt: if the attempt runs in this process, the lease is renewed and false
   * returned (the caller gives the timer back, {@code claimed}, or it was moved); otherwise that
   * worker is gone. Either way the attempt is recorded as failed with its worker lost and run again
   * at once, without counting against the retry policy: a timeout counts only when the worker
   * running the attempt saw it (it interrupts the activity at the deadline and records it, or
   * records it itself if the activity ignores the interrupt).
   *
   * @param claimed whether the caller claimed the timer (else it fires it without a claim)
   * @return whether the timer is done (false: it is pending again, at the renewed lease's end)
   */
  public boolean timeOut(Timer timer, boolean claimed) {
    ActivityTaskMessage task = SagaRuntime.decode(timer.payload(), ActivityTaskMessage.class);
    SagaHistory history = runtime.histories().load(task.sagaId());
    try (CorrelationContext.Scope saga = SagaContextScope.of(history)) {
      return timeOut(timer, claimed, task, history);
    }
  }

  private boolean timeOut(Timer timer, boolean claimed, ActivityTaskMessage task, SagaHistory history) {
    HistoryEvent scheduled = history.scheduled(task.activityId()).orElse(null);
    if (scheduled == null || history.outcome(task.activityId()).isPresent()
        || history.attemptRecorded(task.activityId(), task.attempt()) || history.terminal()) {
      return true;
    }
    String type = scheduled.text(Attr.ACTIVITY_TYPE);
    ActivityOptions options = StepOptions.of(scheduled, runtime.activities());
    String attempt = "Activity '" + type + "' (step " + task.activityId() + ", attempt " + task.attempt()
        + ") of saga " + task.sagaId();
    if (task.deadline() == null) {
      // written before attempts had leases: the timer was due at the deadline, whoever ran it
      return recordTimeout(task, history, options, attempt);
    }
    if (!AttemptLeases.neverTaken(timer) && running.holds(task)) {
      renewHere(task, timer, claimed);
      return false;
    }
    String why = AttemptLeases.neverTaken(timer)
        ? " was taken by no worker within its timeout of " + options.timeout() + " (its task was lost, or waited"
            + " in the queue all that time); running it again"
        : " lost its worker: the lease of the worker running it was not renewed within " + runtime.attemptLease()
            + " (the worker died or lost its database); running it again";
    OperonException lost = OperonException.of(ErrorKind.TIMEOUT, attempt + why).build();
    LOG.warn(lost.getMessage());
    runtime.metrics().attemptLost();
    record(task, history, new Attempt(null, lost, options, null, true), false, true);
    return true;
  }

  /**
   * Records the current attempt of pending step {@code activityId} as having lost its worker and
   * runs it again at once, without counting against the retry policy: the attempt has no live
   * timer, so the process that ran it (kept in process, before its lease timer was written) is
   * gone, or its timer was lost. An attempt this process runs is left alone.
   */
  public void recordLost(SagaHistory history, String activityId) {
    ActivityTaskMessage task = new ActivityTaskMessage(history.sagaId(), activityId, history.nextAttempt(activityId));
    HistoryEvent scheduled = history.scheduled(activityId).orElse(null);
    if (scheduled == null || running.holds(task) || history.outcome(activityId).isPresent() || history.terminal()) {
      return;
    }
    ActivityOptions options = StepOptions.of(scheduled, runtime.activities());
    OperonException lost = OperonException.of(ErrorKind.TIMEOUT, "Activity '" + scheduled.text(Attr.ACTIVITY_TYPE)
        + "' (step " + activityId + ", attempt " + task.attempt() + ") of saga " + history.sagaId()
        + " lost its worker: it has no result and no live timer since " + history.events().getLast().timestamp()
        + " (the process running it ended before its lease timer was written); running it again").build();
    LOG.warn(lost.getMessage());
    runtime.metrics().attemptLost();
    record(task, history, new Attempt(null, lost, options, null, true), false, false);
  }

  /** Records attempt {@code task} as timed out (its retry policy decides what follows). */
  private boolean recordTimeout(ActivityTaskMessage task, SagaHistory history, ActivityOptions options,
      String attempt) {
    OperonException timeout = OperonException.of(ErrorKind.TIMEOUT, attempt + " has no result within "
        + options.timeout() + ": it hangs, or its task or its worker was lost").build();
    LOG.warn(timeout.getMessage());
    record(task, history, new Attempt(null, timeout, options, null), false, true);
    return true;
  }

  /**
   * Records attempt {@code task}, running in this process past its deadline, as timed out: its
   * activity ignored the interrupt at the deadline, and the thread running it is left to end on
   * its own (its result, if it ever comes, is dropped).
   */
  private void recordHung(ActivityTaskMessage task, ActivityOptions options) {
    try {
      SagaHistory history = runtime.histories().load(task.sagaId());
      if (!history.attemptRecorded(task.activityId(), task.attempt()) && !history.terminal()) {
        recordTimeout(task, history, options, "Activity '" + history.scheduled(task.activityId())
            .map(e -> e.text(Attr.ACTIVITY_TYPE)).orElse("?") + "' (step " + task.activityId() + ", attempt "
            + task.attempt() + ") of saga " + task.sagaId());
      }
    } catch (RuntimeException e) {
      LOG.warn("Saga {} step {}: could not record the timeout of attempt {}; its timer will: {}", task.sagaId(),
          task.activityId(), task.attempt(), e.toString());
    }
  }

  /**
   * Puts {@code timer}, the lease of {@code task}, which runs in this process, one lease ahead
   * again: under the caller's claim if it claimed the timer (a claim that expired meanwhile gives
   * nothing back: the timer is another scheduler's now).
   */
  private void renewHere(ActivityTaskMessage task, Timer timer, boolean claimed) {
    Instant due = leases.dueAt(task.deadline());
    if (!claimed) {
      runtime.timers().reschedule(SagaRuntime.attemptTimerId(task), null, due);
    } else if (!runtime.timers().release(timer.claim(), due)) {
      LOG.debug("Saga {} step {}: the claim on the lease of attempt {} expired before it was renewed", task.sagaId(),
          task.activityId(), task.attempt());
    }
  }

  /**
   * Publishes attempt {@code task} when its retry backoff timer fires, unless the attempt already
   * has a result or the saga has finished.
   */
  public void retryDue(ActivityTaskMessage task) {
    SagaHistory history = runtime.histories().load(task.sagaId());
    HistoryEvent scheduled = history.scheduled(task.activityId()).orElse(null);
    if (scheduled == null || history.outcome(task.activityId()).isPresent()
        || history.attemptRecorded(task.activityId(), task.attempt()) || history.terminal()) {
      return;
    }
    Duration timeout = StepOptions.of(scheduled, runtime.activities()).timeout();
    runtime.apply(java.util.List.of(new Effect.RunActivity(task, Duration.ZERO, timeout)));
  }

  /** The outcome of one attempt; {@code workerLost}: its worker was lost before it ended. */
  private record Attempt(JsonNode output, Throwable error, ActivityOptions options, JsonNode heartbeat,
      boolean workerLost) {
    Attempt(JsonNode output, Throwable error, ActivityOptions options, JsonNode heartbeat) {
      this(output, error, options, heartbeat, false);
    }
  }

  /** Runs one attempt until {@code timeout} from now: the attempt's deadline, counted from its scheduling. */
  private Attempt run(Activity<?, ?> activity, ActivityContext ctx, JsonNode input, ActivityOptions options,
      Duration timeout, HeartbeatMonitor heartbeats) {
    try {
      Object output = heartbeats.required()
          ? execution.watched(activity, ctx, input, timeout, heartbeats)
          : execution.onThisThread(activity, ctx, input, timeout);
      return new Attempt(Json.tree(output), null, options, null);
    } catch (RuntimeException | Error e) {
      return new Attempt(null, e, options, heartbeats.details());
    }
  }

  /**
   * Records {@code result}; returns the next attempt to run here when {@code keep} is set and local
   * continuation scheduled one this worker can run, else null. {@code timed}: the attempt's timer
   * row may exist and is cancelled with the result (an attempt kept here that ended before its
   * lease timer was written has none, and its result is one append).
   */
  private Continuation record(ActivityTaskMessage task, SagaHistory history, Attempt result, boolean keep,
      boolean timed) {
    // attempts that lost their worker do not count against the retry policy
    int failures = task.attempt() - history.lostAttempts(task.activityId());
    boolean retry = result.workerLost() || result.error() != null && retryable(result.error())
        && result.options().retry().allowsRetryAfter(failures);
    HistoryEvent event = result.error() == null
        ? events.activityCompleted(task.sagaId(), task.activityId(), result.output(), task.attempt())
        : events.activityFailed(task.sagaId(), task.activityId(), failureOf(result.error()), task.attempt(), retry,
            result.heartbeat(), result.workerLost());
    if (retry) {
      return append(task, history, event, false, false, timed, recorded -> {
        if (timed) {
          runtime.timers().cancel(SagaRuntime.attemptTimerId(task));
        }
        Duration delay = result.workerLost() ? Duration.ZERO
            : result.options().retry().delay(failures, ThreadLocalRandom.current());
        ActivityTaskMessage next = new ActivityTaskMessage(task.sagaId(), task.activityId(), task.attempt() + 1);
        runtime.apply(List.of(new Effect.RetryActivity(next, delay, result.options().timeout())));
        return null;
      });
    }
    return append(task, history, event, continueLocally, keep, timed, recorded -> follow(task, recorded, timed));
  }

  /**
   * The writes that follow the append of a final result: the attempt's timer cancel and what the
   * saga decided next. Returns the attempt to run here next, or null.
   */
  private Continuation follow(ActivityTaskMessage task, Recorded recorded, boolean timed) {
    boolean atomic = runtime.transitions().atomic();
    if (recorded.decision() == null) {
      if (timed) {
        runtime.timers().cancel(SagaRuntime.attemptTimerId(task));
      }
      runtime.wake(task.sagaId(), recorded.history().lastEventId());
      return null;
    }
    Optional<Effect.RunActivity> kept = recorded.kept();
    if (atomic) {
      // one transaction with the append: nothing is left to overlap with the next attempt
      if (timed) {
        cancelTimer(task);
      }
      workflows.applyKeeping(recorded.before(), recorded.decision(), kept);
      return kept.map(run -> new Continuation(run.task(), recorded.history())).orElse(null);
    }
    if (kept.isEmpty()) {
      if (timed) {
        cancelTimer(task);
      }
      try {
        workflows.applyKeeping(recorded.before(), recorded.decision(), kept);
      } catch (RuntimeException e) {
        wakeAfterFailedEffects(recorded.history());
        throw e;
      }
      return null;
    }
    // The finished attempt's timer is cancelled while the next attempt's timer is written and the
    // next attempt runs; it waits for both before its result is recorded, so no write of this saga
    // is left behind (a process that dies before that timer exists leaves the attempt to the next
    // start's recovery, as one that dies right after the append would).
    CompletableFuture<Void> closing = timed ? CompletableFuture.runAsync(() -> cancelTimer(task), attempts)
        : CompletableFuture.completedFuture(null);
    CompletableFuture<Void> effects = CompletableFuture.runAsync(
        () -> workflows.applyKeeping(recorded.before(), recorded.decision(), kept), attempts);
    return new Continuation(kept.get().task(), recorded.history(), CompletableFuture.allOf(closing, effects));
  }

  /** Cancels the timeout timer of attempt {@code task}; a failure only lets it fire later, to no effect. */
  private void cancelTimer(ActivityTaskMessage task) {
    try {
      runtime.timers().cancel(SagaRuntime.attemptTimerId(task));
    } catch (RuntimeException e) {
      LOG.warn("Saga {} step {}: could not cancel the timer of attempt {} (it will fire and find the result): {}",
          task.sagaId(), task.activityId(), task.attempt(), e.toString());
    }
  }

  /**
   * What was appended: the history it was appended to and the history after it, the decision appended with the result (or null), and
   * the attempt of that decision this worker claimed to run itself.
   */
  private record Recorded(SagaHistory before, SagaHistory history, Decision decision,
      Optional<Effect.RunActivity> kept) {}

  /**
   * Appends {@code event} (with what the saga decides next, if {@code decide}) unless the attempt
   * already has a result, then runs {@code then} on what was appended, in the same transaction
   * when the engine's transitions are atomic; returns what {@code then} returns, or null if nothing
   * was appended. On a conflict it reads the history again and retries.
   */
  private Continuation append(ActivityTaskMessage task, SagaHistory history, HistoryEvent event, boolean decide,
      boolean keep, boolean timed, Function<Recorded, Continuation> then) {
    AtomicReference<SagaHistory> current = new AtomicReference<>(history);
    return runtime.appendRetrying(task.sagaId(), "recording step " + task.activityId(), () -> {
      try {
        return appendOnce(task, current.get(), event, decide, keep, timed, then);
      } catch (ConflictException e) {
        current.set(runtime.histories().load(task.sagaId()));
        throw e;
      }
    });
  }

  private Continuation appendOnce(ActivityTaskMessage task, SagaHistory history, HistoryEvent event, boolean decide,
      boolean keep, boolean timed, Function<Recorded, Continuation> then) {
    boolean atomic = runtime.transitions().atomic();
    if (history.attemptRecorded(task.activityId(), task.attempt()) || history.terminal()) {
      return null;
    }
    Decision decision = decide ? decideAfter(history, event) : null;
    List<HistoryEvent> batch = new ArrayList<>(1 + (decision == null ? 0 : decision.events().size()));
    batch.add(event);
    if (decision != null) {
      batch.addAll(decision.events());
    }
    // the saga ends with this append: close the attempt's timer first, so that whoever sees the
    // end sees no timer of the saga still pending (as when a workflow task records the end); in a
    // transition the cancel that follows the append commits with it
    SagaHistory planned = history.plus(batch);
    boolean ends = decision != null && planned.terminal();
    if (ends && !atomic && timed) {
      runtime.timers().cancel(SagaRuntime.attemptTimerId(task));
    }
    // a step whose transition is its append alone (the next step runs here, no timer to write or
    // cancel, no summary or tracking row to change) needs no transaction: its append joins the
    // event store's group commit; its next attempt is claimed first, as without transactions
    Optional<Effect.RunActivity> alone = atomic && keep && !timed && !ends && decision != null
        ? keptAlone(decision, history, planned) : Optional.empty();
    // in a transition the next attempt is claimed once the append went through (see WorkflowTaskProcessor)
    AtomicReference<Optional<Effect.RunActivity>> kept = new AtomicReference<>(alone.isPresent() ? alone
        : keep && decision != null && !atomic ? workflows.claimKept(decision, planned) : Optional.empty());
    SagaHistory before = history;
    Recorded recorded;
    try {
      if (atomic && alone.isEmpty()) {
        return runtime.transition(() -> {
          // the append first (its stream row is the lock every writer of this saga takes first)
          SagaHistory after = runtime.record(before, planned);
          kept.set(keep && decision != null ? workflows.claimKept(decision, after) : Optional.empty());
          return then.apply(new Recorded(before, after, decision, kept.get()));
        });
      }
      recorded = new Recorded(before, runtime.record(before, planned), decision, kept.get());
    } catch (RuntimeException e) {
      kept.get().ifPresent(run -> running.release(run.task()));
      throw e;
    }
    return then.apply(recorded);
  }

  /**
   * The attempt of {@code decision} this worker claims to run itself if the append that makes
   * {@code planned} of {@code history} is all the transition writes: the decision's one effect is
   * running that attempt now, and the append changes no summary or tracking row. Empty otherwise
   * (nothing claimed).
   */
  private Optional<Effect.RunActivity> keptAlone(Decision decision, SagaHistory history, SagaHistory planned) {
    if (decision.effects().size() != 1 || !(decision.effects().get(0) instanceof Effect.RunActivity run)
        || !run.delay().isZero() || !runtime.histories().writesEventsAlone(history, planned)) {
      return Optional.empty();
    }
    return workflows.claimKept(decision, planned);
  }

  /**
   * What the saga decides once {@code event} is added to {@code history}, or null if this worker
   * cannot tell (its workflow is not registered here, or the replay fails): then the result is
   * recorded alone and a workflow task decides, with the usual handling of replay errors.
   */
  private Decision decideAfter(SagaHistory history, HistoryEvent event) {
    try {
      return workflows.decide(history.plus(List.of(event)));
    } catch (RuntimeException e) {
      LOG.debug("Saga {}: not continuing locally ({}); waking it through the queue", history.sagaId(), e.toString());
      return null;
    }
  }

  private static boolean retryable(Throwable error) {
    return !(error instanceof OperonException o) || o.retryable();
  }

  private static SagaFailure failureOf(Throwable error) {
    return SagaFailure.of(error instanceof ActivityExecution.ActivityError wrapped ? wrapped.getCause() : error);
  }

  @Override
  public void close() {
    attempts.shutdownNow();
    timeouts.shutdownNow();
  }

  private static ScheduledThreadPoolExecutor timeoutScheduler() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().daemon().name("saga-activity-timeouts").factory());
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }
}
