package dev.operon.saga.internal;

import dev.operon.id.IdGenerator;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.timer.NewTimer;
import dev.operon.timer.TimerType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes every unfinished saga from its history, the source of truth: re-creates its open timers
 * (creation is idempotent per timer id), re-publishes its pending activity attempts (deduplicated
 * against a task still queued) and wakes it. So a queue or a timer store that lost work delays a
 * saga but never loses it, whatever code version the saga started on.
 */
public final class SagaRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(SagaRecovery.class);

  private final SagaRuntime runtime;
  private final Supplier<? extends Collection<String>> candidates;

  /** Recovery that finds sagas by scanning the whole global log on every run. */
  public SagaRecovery(SagaRuntime runtime) {
    this(runtime, () -> runtime.histories().sagaIds());
  }

  /** Recovery that loads only the sagas {@code index} knows as unfinished. */
  public SagaRecovery(SagaRuntime runtime, SagaIndex index) {
    this(runtime, index::unfinished);
  }

  private SagaRecovery(SagaRuntime runtime, Supplier<? extends Collection<String>> candidates) {
    this.runtime = runtime;
    this.candidates = candidates;
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
    history.timeoutAt().ifPresent(at -> runtime.timers().create(new NewTimer(
        SagaHistory.workflowTimerId(sagaId), sagaId, TimerType.WORKFLOW_TIMEOUT, at, new byte[0])));
    for (String timerId : history.openTimers()) {
      history.timerEvent(EventType.TIMER_CREATED, timerId).ifPresent(created -> recreate(sagaId, created));
    }
    for (String activityId : history.pendingActivities()) {
      HistoryEvent scheduled = history.scheduled(activityId).orElseThrow();
      ActivityTaskMessage task = new ActivityTaskMessage(sagaId, activityId, history.nextAttempt(activityId));
      runtime.apply(List.of(new Effect.RunActivity(task, Duration.ZERO,
          StepOptions.of(scheduled, runtime.activities()).timeout())));
    }
    runtime.wakeAgain(sagaId, history.lastEventId(), round);
    return true;
  }

  private void recreate(String sagaId, HistoryEvent created) {
    String timerId = created.text(Attr.TIMER_ID);
    TimerType type = Attr.PURPOSE_SLEEP.equals(created.text(Attr.PURPOSE)) ? TimerType.SLEEP : TimerType.CUSTOM;
    runtime.timers().create(new NewTimer(timerId, sagaId, type, Instant.parse(created.text(Attr.FIRE_AT)),
        timerId.getBytes(StandardCharsets.UTF_8)));
  }
}
