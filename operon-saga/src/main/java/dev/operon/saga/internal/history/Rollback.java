package dev.operon.saga.internal.history;

import dev.operon.saga.CompensationFailedException;
import dev.operon.saga.CompensationRecord;
import dev.operon.saga.CompensationRecord.Status;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.SagaState;
import dev.operon.saga.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A saga's rollback as its history records it: the plan of each round (the rollback's
 * CompensationStarted, then one per {@code retryCompensation}), what each compensation run did,
 * and what is still owed. Each round's plan holds the compensations the previous round left
 * undone, newest step first, so the newest plan is what the saga still owes.
 */
public final class Rollback {
  private final SagaHistory history;

  private Rollback(SagaHistory history) {
    this.history = history;
  }

  public static Rollback of(SagaHistory history) {
    return new Rollback(history);
  }

  /**
   * Every compensation run, round after round, in the order they ran, then the compensations of
   * the newest round that have not run. Empty if no rollback started.
   */
  public List<CompensationRecord> records() {
    List<HistoryEvent> rounds = history.compensationStarts();
    List<CompensationRecord> records = new ArrayList<>();
    for (int round = 0; round < rounds.size(); round++) {
      boolean newest = round == rounds.size() - 1;
      for (ScheduledStep step : SagaHistory.planOf(rounds.get(round))) {
        if (history.scheduled(step.activityId()).isPresent()) {
          records.add(record(step));
        } else if (newest) {
          // an earlier round's unrun compensations are in the next round's plan
          records.add(new CompensationRecord(step.activityId(), step.activityType(), step.compensationOf(),
              Status.OWED, 0, Optional.empty()));
        }
      }
    }
    return List.copyOf(records);
  }

  /** What the run of compensation {@code step}, which is scheduled, did so far. */
  public CompensationRecord record(ScheduledStep step) {
    Optional<HistoryEvent> outcome = history.outcome(step.activityId());
    Status status = outcome.map(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED ? Status.COMPLETED
        : Status.FAILED).orElse(Status.RUNNING);
    Optional<SagaFailure> failure = outcome.filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED)
        .map(e -> Json.value(e.attributes().get(Attr.FAILURE), SagaFailure.class));
    return new CompensationRecord(step.activityId(), step.activityType(), step.compensationOf(), status,
        history.recordedAttempts(step.activityId()), failure);
  }

  /** The exception that a failed rollback's result is; empty unless the rollback failed. */
  public Optional<CompensationFailedException> failure() {
    if (!history.compensationFailed()) {
      return Optional.empty();
    }
    return Optional.of(new CompensationFailedException(history.sagaId(), history.failure().orElse(null), records()));
  }

  /**
   * The type ids of the compensations still to run, in order: while compensating, those of the
   * newest round without a result; after a failed rollback, those a retry would run. Empty
   * otherwise (a saga that is not rolling back: see {@link SagaHistory#compensationPlan}).
   */
  public List<String> stillToRun() {
    if (history.compensationFailed()) {
      return notCompleted().stream().map(ScheduledStep::activityType).toList();
    }
    if (history.state() != SagaState.COMPENSATING) {
      return List.of();
    }
    return history.recordedPlan().stream().filter(s -> history.outcome(s.activityId()).isEmpty())
        .map(ScheduledStep::activityType).toList();
  }

  /**
   * The plan of a retry of the newest round: each of its compensations that did not complete (it
   * failed, or never ran), in the same order, under a new activity id
   * ({@code <first run's id>-retry<n>}, n = the retry's round) and keeping the first run's id in
   * {@code retry_of}, so that it has the same idempotency key as every run before it.
   */
  public List<ScheduledStep> retryPlan() {
    int round = history.compensationStarts().size();
    return notCompleted().stream().map(step -> {
      String first = step.retryOf() == null ? step.activityId() : step.retryOf();
      return new ScheduledStep(first + "-retry" + round, step.activityType(), step.input(), null,
          step.compensationOf(), first);
    }).toList();
  }

  /** The compensations of the newest round that did not complete (failed, running or not run), in order. */
  private List<ScheduledStep> notCompleted() {
    return history.recordedPlan().stream().filter(step -> history.outcome(step.activityId())
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED).isEmpty()).toList();
  }
}
