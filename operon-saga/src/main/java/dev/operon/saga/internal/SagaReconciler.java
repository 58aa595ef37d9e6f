package dev.operon.saga.internal;

import dev.operon.id.IdGenerator;
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
 * from the timer store is created again; a pending activity whose current attempt has neither a
 * live timeout timer nor a live retry timer is published again; and a saga waiting on nothing (no
 * pending activity, no open timer, no unfinished child: its workflow task was lost) is woken, with a dedup key of this
 * pass (a queue whose dedup window outlives the task would drop a second wake-up with the first
 * one's key). Every repair is idempotent (timer ids, queue dedup keys, replay), so running it
 * beside healthy work costs reads and at most a replay.
 * Schedules whose next firing went missing are armed again too.
 */
public final class SagaReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(SagaReconciler.class);

  private final SagaRuntime runtime;
  private final SagaCatalog catalog;
  private final SagaRecovery recovery;
  private final SagaScheduler schedules;
  private final Duration grace;

  public SagaReconciler(SagaRuntime runtime, SagaCatalog catalog, SagaRecovery recovery, SagaScheduler schedules,
      Duration grace) {
    this.runtime = runtime;
    this.catalog = catalog;
    this.recovery = recovery;
    this.schedules = schedules;
    this.grace = grace;
  }

  /** One pass over every unfinished saga and schedule; returns how many sagas it repaired. */
  public int reconcile() {
    int repaired = 0;
    String round = new IdGenerator(runtime.clock()).next();
    for (String sagaId : catalog.candidateSagaIds()) {
      try {
        if (reconcile(sagaId, round)) {
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

  private boolean reconcile(String sagaId, String round) {
    SagaHistory history = runtime.histories().load(sagaId);
    if (!history.exists() || history.terminal() || !quiet(history)) {
      return false;
    }
    Map<String, Timer> stored = new HashMap<>();
    runtime.timers().listByOwner(sagaId).forEach(t -> stored.put(t.id(), t));
    boolean repaired = false;
    if (history.timeoutAt().isPresent() && !stored.containsKey(SagaHistory.workflowTimerId(sagaId))) {
      recovery.armWorkflowTimeout(history);
      repaired = true;
    }
    List<String> openTimers = history.openTimers();
    for (String timerId : openTimers) {
      if (!stored.containsKey(timerId)) {
        LOG.warn("Saga {}: timer {} is missing from the timer store; creating it again", sagaId, timerId);
        recovery.recreateTimer(history, timerId);
        repaired = true;
      }
    }
    List<String> pending = history.pendingActivities();
    for (String activityId : pending) {
      ActivityTaskMessage attempt = new ActivityTaskMessage(sagaId, activityId, history.nextAttempt(activityId));
      if (!live(stored.get(SagaRuntime.attemptTimerId(attempt))) && !live(stored.get(SagaRuntime.retryTimerId(attempt)))) {
        LOG.warn("Saga {}: step {} attempt {} has no live task timer; publishing it again", sagaId, activityId,
            attempt.attempt());
        recovery.republish(history, activityId);
        repaired = true;
      }
    }
    if (pending.isEmpty() && openTimers.isEmpty() && history.children().unfinished().isEmpty()) {
      LOG.warn("Saga {} ({}) waits on nothing since {}: its workflow task was lost; waking it", sagaId,
          history.state(), lastEventAt(history));
      runtime.wakeAgain(sagaId, history.lastEventId(), round);
      repaired = true;
    }
    return repaired;
  }

  private boolean quiet(SagaHistory history) {
    return !lastEventAt(history).plus(grace).isAfter(runtime.clock().instant());
  }

  private static Instant lastEventAt(SagaHistory history) {
    return history.events().get(history.events().size() - 1).timestamp();
  }

  private static boolean live(Timer timer) {
    return timer != null && (timer.status() == TimerStatus.PENDING || timer.status() == TimerStatus.PROCESSING);
  }
}
