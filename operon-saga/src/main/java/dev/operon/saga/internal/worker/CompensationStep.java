package dev.operon.saga.internal.worker;

import dev.operon.saga.ActivityOptions;
import dev.operon.saga.ActivityRegistry;
import dev.operon.saga.CompensationFailurePolicy;
import dev.operon.saga.CompensationRecord;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.Rollback;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.history.ScheduledStep;
import dev.operon.saga.internal.replay.Decision;
import dev.operon.saga.internal.replay.Effect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The next move of a compensating saga, from its recorded plan (newest completed step first): run
 * the first compensation that has not run, wait for a running one, end the saga Failed naming the
 * compensations that failed for good, or Cancelled (keeping the original failure) when all
 * succeeded. A compensation that failed for good stops the rollback there, or, if the plan was
 * recorded with {@link CompensationFailurePolicy#CONTINUE}, the rollback goes on with the next one
 * and ends Failed once every compensation has run.
 */
final class CompensationStep {
  private CompensationStep() {}

  static Decision next(SagaHistory history, EventFactory events, ActivityRegistry activities) {
    Decision decision = new Decision();
    String sagaId = history.sagaId();
    boolean carryOn = history.compensationFailurePolicy() == CompensationFailurePolicy.CONTINUE;
    Rollback rollback = Rollback.of(history);
    List<CompensationRecord> failed = new ArrayList<>();
    for (ScheduledStep step : history.recordedPlan()) {
      if (history.scheduled(step.activityId()).isEmpty()) {
        schedule(sagaId, step, decision, events, activities);
        return decision;
      }
      Optional<HistoryEvent> outcome = history.outcome(step.activityId());
      if (outcome.isEmpty()) {
        return decision;
      }
      if (outcome.get().eventType() == EventType.ACTIVITY_TASK_FAILED) {
        failed.add(rollback.record(step));
        if (!carryOn) {
          break;
        }
      }
    }
    if (!failed.isEmpty()) {
      decision.add(events.compensationFailed(sagaId, failed));
      return decision;
    }
    SagaFailure original = history.failure().orElse(null);
    decision.add(events.withFailure(sagaId, EventType.WORKFLOW_EXECUTION_CANCELED, original));
    return decision;
  }

  static void schedule(String sagaId, ScheduledStep step, Decision decision, EventFactory events,
      ActivityRegistry activities) {
    decision.add(events.activityScheduled(sagaId, step));
    decision.add(new Effect.RunActivity(new ActivityTaskMessage(sagaId, step.activityId(), 1), Duration.ZERO,
        timeoutOf(activities, step.activityType())));
  }

  /** The attempt timeout of activity {@code type}, or the default if it is not registered here. */
  static Duration timeoutOf(ActivityRegistry activities, String type) {
    return activities.get(type).map(a -> a.options().timeout()).orElse(ActivityOptions.DEFAULT_TIMEOUT);
  }
}
