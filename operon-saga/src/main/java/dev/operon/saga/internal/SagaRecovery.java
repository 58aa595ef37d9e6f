package dev.operon.saga.internal;

import dev.operon.id.IdGenerator;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.worker.ActivityTaskMessage;
import dev.operon.saga.internal.worker.AttemptLeases;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes every unfinished saga from its history, the source of truth: re-creates its open timers
 * (creation is idempotent per timer id), re-publishes its pending activity attempts that have no
 * live timer (an attempt with a live retry backoff or timeout timer is left to it: that timer is
 * the lease of a worker that may still run it, and fires within one lease if that worker is gone)
 * and wakes it. So a queue or a timer store that lost work delays a
 * saga but never loses it, whatever code version the saga started on.
 */
public final class SagaRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(SagaRecovery.class);

  private final SagaRuntime runtime;
  private final Supplier<? extends Iterable<String>> candidates;
  private final BiConsumer<SagaHistory, String> lostAttempt;
  /** Open sagas read per query of the visibility store. */
  static final int OPEN_PAGE = 500;

  /**
   * How recently a saga must have moved for its attempt without a live timer to be left alone: it
   * may run, kept in a live process, whose lease timer is written only after
   * {@link AttemptLeases#FIRST_WRITE}.
   */
  public static final Duration YOUNG = AttemptLeases.FIRST_WRITE.multipliedBy(2);

  /**
   * Recovery of the sagas its visibility store lists as open; {@code lostAttempt} records the
   * current attempt of a pending step that has no live timer as lost and runs it again.
   */
  public SagaRecovery(SagaRuntime runtime, BiConsumer<SagaHistory, String> lostAttempt) {
    this.runtime = runtime;
    this.candidates = () -> runtime.histories().visibility().allOpen(OPEN_PAGE);
    this.lostAttempt = lostAttempt;
  }

  /** Resumes every unfinished saga; returns how many there were. */
  public int resumeAll() {
    int resumed = 0;
    String round = new IdGenerator(runtime.clock()).next();
    for (String sagaId : candidates.get()) {
      try {
        if (resume(sagaId, round)) {
          resumed++;
        }
      } catch (RuntimeException e) {
        LOG.warn("Could not resume saga {}: {}", sagaId, e.toString());
      }
    }
    if (resumed > 0) {
      LOG.info("Resumed {} unfinished sagas", resumed);
    }
    return resumed;
  }

  private boolean resume(String sagaId, String round) {
    SagaHistory history = runtime.histories().load(sagaId);
    if (!history.exists()) {
      return false;
    }
    if (history.terminal()) {
      new ContinuedRuns(runtime).recover(history);
      new ChildWorkflows(runtime).recover(history);
      return false;
    }
    new ChildWorkflows(runtime).recover(history);
    armWorkflowTimeout(history);
    for (String timerId : history.openTimers()) {
      recreateTimer(history, timerId);
    }
    for (String activityId : history.pendingActivities()) {
      resumeAttempt(history, activityId);
    }
    runtime.wakeAgain(sagaId, history.lastEventId(), round);
    return true;
  }

  /**
   * Brings the next attempt of pending activity {@code activityId} back if it may be lost: with no
   * live timer, it is published again; waiting in the queue (its timer due at its deadline, no
   * worker holding its lease: its task may never have reached the queue), its task is published
   * again (deduplicated; of two deliveries only one worker takes the lease). An attempt with a
   * live retry timer, or whose lease a worker holds (here or in another engine), is left to that
   * timer: it fires within one lease if the worker is gone.
   */
  private void resumeAttempt(SagaHistory history, String activityId) {
    ActivityTaskMessage next = new ActivityTaskMessage(history.sagaId(), activityId, history.nextAttempt(activityId));
    if (runtime.timers().get(SagaRuntime.retryTimerId(next)).filter(AttemptLeases::live).isPresent()) {
      return;
    }
    Timer timeout = runtime.timers().get(SagaRuntime.attemptTimerId(next)).orElse(null);
    if (!AttemptLeases.live(timeout)) {
      if (young(history)) {
        LOG.debug("Saga {} step {}: no live timer, but the saga moved less than {} ago; it may run in a live"
            + " process, so it is left to the reconciler", history.sagaId(), activityId, YOUNG);
        return;
      }
      runLost(history, activityId);
    } else if (AttemptLeases.unleased(timeout)) {
      requeue(timeout);
    }
  }

  /** Publishes again the queued attempt whose timeout timer is {@code timeout}, with the same deadline (deduplicated). */
  public void requeue(Timer timeout) {
    runtime.enqueue(SagaRuntime.decode(timeout.payload(), ActivityTaskMessage.class), Duration.ZERO);
  }

  /** Creates the saga's workflow timeout timer, if it has a timeout (idempotent). */
  public void armWorkflowTimeout(SagaHistory history) {
    String sagaId = history.sagaId();
    history.timeoutAt().ifPresent(at -> runtime.timers().create(new NewTimer(
        SagaHistory.workflowTimerId(sagaId), sagaId, TimerType.WORKFLOW_TIMEOUT, at, new byte[0])));
  }

  /** Creates the timer that history's TimerCreated {@code timerId} asked for (idempotent). */
  public void recreateTimer(SagaHistory history, String timerId) {
    history.timerEvent(EventType.TIMER_CREATED, timerId).ifPresent(created -> recreate(history.sagaId(), created));
  }

  /** Whether saga {@code history} moved less than {@link #YOUNG} ago. */
  public boolean young(SagaHistory history) {
    return history.events().getLast().timestamp().plus(YOUNG).isAfter(runtime.clock().instant());
  }

  /**
   * Brings back the current attempt of pending step {@code activityId}, which has no live timer:
   * recorded as lost its worker and run again (see the constructor).
   */
  public void runLost(SagaHistory history, String activityId) {
    lostAttempt.accept(history, activityId);
  }

  private void recreate(String sagaId, HistoryEvent created) {
    String timerId = created.text(Attr.TIMER_ID);
    TimerType type = Attr.PURPOSE_SLEEP.equals(created.text(Attr.PURPOSE)) ? TimerType.SLEEP : TimerType.CUSTOM;
    runtime.timers().create(new NewTimer(timerId, sagaId, type, Instant.parse(created.text(Attr.FIRE_AT)),
        timerId.getBytes(StandardCharsets.UTF_8)));
  }
}
