package dev.operon.saga.internal.watchdog;

import dev.operon.id.IdGenerator;
import dev.operon.saga.internal.SagaBlocks;
import dev.operon.saga.internal.SagaRecovery;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.SagaScheduler;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.worker.ActivityTaskMessage;
import dev.operon.saga.internal.worker.AttemptLeases;
import dev.operon.saga.internal.worker.TimerFiring;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-derives work the queue or the timer store lost, from the history. For each unfinished saga
 * quiet for at least {@code grace}: a workflow timeout or an open sleep or signal timer missing
 * from the timer store is created again; a timer the saga still waits on that is overdue by the
 * grace (its claim holder died) or whose firing failed is fired here, without a claim (every firing
 * is idempotent); a pending activity whose current attempt has neither a live timeout timer nor a
 * live retry timer (it ran kept in a process that died before writing its lease timer, or the timer
 * was lost) is recorded as having lost its worker and run again; and a saga waiting on nothing (no pending activity, no open
 * timer, no unfinished child: its workflow task was lost) is woken, with a dedup key of this pass (a
 * queue whose dedup window outlives the task would drop a second wake-up with the first one's key).
 * Every repair is idempotent (timer ids, queue dedup keys, replay), so running it beside healthy
 * work costs reads and at most a replay. Schedules whose next firing went missing are armed again
 * too. A blocked saga (see {@link SagaBlocks}) is woken each pass, so that code that can decide it
 * picks it up wherever it runs. The watchdog calls {@link #redrive} for a saga it finds stalled,
 * whatever its quiet time.
 */
public final class SagaReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(SagaReconciler.class);

  private final SagaRuntime runtime;
  private final SagaCatalog catalog;
  private final SagaRecovery recovery;
  private final SagaScheduler schedules;
  private final TimerFiring firing;
  private final Duration grace;
  /** How long a queued attempt waits for a worker before the reconciler publishes it again. */
  static final long QUEUED_GRACE_SECONDS = 10;

  public SagaReconciler(SagaRuntime runtime, SagaCatalog catalog, SagaRecovery recovery, SagaScheduler schedules,
      TimerFiring firing, Duration grace) {
    this.runtime = runtime;
    this.catalog = catalog;
    this.recovery = recovery;
    this.schedules = schedules;
    this.firing = firing;
    this.grace = grace;
  }

  /** One pass over every unfinished saga and schedule; returns how many sagas it repaired. */
  public int reconcile() {
    int repaired = 0;
    String round = new IdGenerator(runtime.clock()).next();
    for (String sagaId : catalog.candidateSagaIds()) {
      try {
        SagaHistory history = runtime.histories().load(sagaId);
        if (!history.exists() || history.terminal()) {
          continue;
        }
        if (quiet(history) ? repair(history, round) : requeueWaiting(history)) {
          repaired++;
        }
      } catch (RuntimeException e) {
        LOG.warn("Could not reconcile saga {}: {}", sagaId, e.toString());
      }
    }
    schedules.rearmAll();
    if (repaired > 0) {
      LOG.info("Reconciler re-derived lost work of {} sagas", repaired);
    }
    return repaired;
  }

  /**
   * Re-drives saga {@code sagaId} now, as a pass would once it is quiet (the watchdog's action on a
   * stalled saga); false if there was nothing to re-drive.
   */
  public boolean redrive(String sagaId) {
    SagaHistory history = runtime.histories().load(sagaId);
    return history.exists() && !history.terminal() && repair(history, new IdGenerator(runtime.clock()).next());
  }

  private boolean repair(SagaHistory history, String round) {
    String sagaId = history.sagaId();
    Map<String, Timer> stored = new HashMap<>();
    runtime.timers().listByOwner(sagaId).forEach(t -> stored.put(t.id(), t));
    boolean repaired = false;
    if (history.timeoutAt().isPresent() && !history.timedOut()) {
      Timer timeout = stored.get(SagaHistory.workflowTimerId(sagaId));
      if (timeout == null) {
        recovery.armWorkflowTimeout(history);
        repaired = true;
      } else {
        repaired |= fireIfStuck(sagaId, timeout);
      }
    }
    List<String> openTimers = history.openTimers();
    for (String timerId : openTimers) {
      Timer timer = stored.get(timerId);
      if (timer == null) {
        LOG.warn("Saga {}: timer {} is missing from the timer store; creating it again", sagaId, timerId);
        recovery.recreateTimer(history, timerId);
        repaired = true;
      } else {
        repaired |= fireIfStuck(sagaId, timer);
      }
    }
    List<String> pending = history.pendingActivities();
    for (String activityId : pending) {
      ActivityTaskMessage attempt = new ActivityTaskMessage(sagaId, activityId, history.nextAttempt(activityId));
      Timer timeout = stored.get(SagaRuntime.attemptTimerId(attempt));
      Timer retry = stored.get(SagaRuntime.retryTimerId(attempt));
      if (!AttemptLeases.live(timeout) && !AttemptLeases.live(retry)) {
        if (recovery.young(history)) {
          continue; // it may run in a live process that has not written its lease timer yet
        }
        recovery.runLost(history, activityId);
        repaired = true;
      } else if (!AttemptLeases.live(retry) && AttemptLeases.unleased(timeout)) {
        LOG.warn("Saga {}: step {} attempt {} has waited in the queue since {}; publishing it again in case its"
            + " task was lost", sagaId, activityId, attempt.attempt(), lastEventAt(history));
        recovery.requeue(timeout);
        repaired = true;
      } else {
        repaired |= AttemptLeases.live(timeout) && fireIfStuck(sagaId, timeout);
        repaired |= AttemptLeases.live(retry) && fireIfStuck(sagaId, retry);
      }
    }
    if (history.blocked().isPresent()) {
      // code that can decide it may run now (a new deployment, another engine): let a worker try;
      // on the same code the block is already recorded and nothing is appended
      LOG.debug("Saga {} is blocked; waking it in case code that can decide it runs now", sagaId);
      runtime.wakeAgain(sagaId, history.lastEventId(), round);
    } else if (pending.isEmpty() && openTimers.isEmpty() && history.children().unfinished().isEmpty()) {
      LOG.warn("Saga {} ({}) waits on nothing since {}: its workflow task was lost; waking it", sagaId,
          history.state(), lastEventAt(history));
      runtime.wakeAgain(sagaId, history.lastEventId(), round);
      repaired = true;
    }
    return repaired;
  }

  /**
   * Publishes again each queued attempt of a saga that is not quiet yet, if no worker has taken it
   * for {@value #QUEUED_GRACE_SECONDS} s: a process that died right after committing the attempt
   * could not publish it to a queue of another backend (NATS), and nothing else would bring it back
   * before its deadline. Deduplicated; of two deliveries only one worker takes the attempt's lease.
   */
  private boolean requeueWaiting(SagaHistory history) {
    boolean requeued = false;
    Instant before = runtime.clock().instant().minusSeconds(QUEUED_GRACE_SECONDS);
    for (String activityId : history.pendingActivities()) {
      ActivityTaskMessage attempt = new ActivityTaskMessage(history.sagaId(), activityId,
          history.nextAttempt(activityId));
      Timer timeout = runtime.timers().get(SagaRuntime.attemptTimerId(attempt)).orElse(null);
      if (AttemptLeases.unleased(timeout) && !timeout.createdAt().isAfter(before)) {
        LOG.debug("Saga {}: step {} attempt {} waits in the queue since {}; publishing it again", history.sagaId(),
            activityId, attempt.attempt(), timeout.createdAt());
        recovery.requeue(timeout);
        requeued = true;
      }
    }
    return requeued;
  }

  /**
   * Fires {@code timer} here if it is stuck: its firing failed, or it is overdue by the grace (the
   * scheduler holding its claim died). Its firing is idempotent, so a scheduler firing it too
   * changes nothing more.
   */
  private boolean fireIfStuck(String sagaId, Timer timer) {
    boolean failed = timer.status() == TimerStatus.FAILED;
    boolean overdue = AttemptLeases.live(timer) && !timer.fireAt().plus(grace).isAfter(runtime.clock().instant());
    if (!failed && !overdue) {
      return false;
    }
    LOG.warn("Saga {}: timer {} ({}) was due at {} and is {}; firing it here", sagaId, timer.id(), timer.type(),
        timer.fireAt(), failed ? "failed: " + timer.error() : timer.status() + (timer.claimedBy() == null ? ""
            : " by " + timer.claimedBy()));
    firing.fireUnclaimed(timer);
    return true;
  }

  private boolean quiet(SagaHistory history) {
    return !lastEventAt(history).plus(grace).isAfter(runtime.clock().instant());
  }

  private static Instant lastEventAt(SagaHistory history) {
    return history.events().get(history.events().size() - 1).timestamp();
  }
}
