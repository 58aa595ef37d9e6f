package dev.operon.saga.internal.worker;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.SagaState;
import dev.operon.saga.internal.ChildWorkflows;
import dev.operon.saga.internal.ContinuedRuns;
import dev.operon.saga.internal.SagaBlocks;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.observe.SagaContextScope;
import dev.operon.tracking.CorrelationContext;
import dev.operon.saga.internal.history.ScheduledStep;
import dev.operon.saga.internal.replay.Decision;
import dev.operon.saga.internal.replay.Effect;
import dev.operon.saga.internal.replay.LocalActivityRunner;
import dev.operon.saga.internal.replay.ReplayOutcome;
import dev.operon.saga.internal.replay.ReplayServices;
import dev.operon.saga.internal.replay.Replayer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes a saga's next transition: loads its history, replays the workflow code (or, while
 * compensating, follows the recorded plan), and appends what it decided with the expected last id.
 * On a conflict it reloads, replays and tries again, so two workers on one saga
 * never write an event twice.
 */
public final class WorkflowTaskProcessor {
  private final SagaRuntime runtime;
  private final Replayer replayer;
  private final Replayer verifier;
  private final EventFactory events;
  private final RunningAttempts running;
  private final ChildWorkflows children;
  private final IdGenerator runIds;

  public WorkflowTaskProcessor(SagaRuntime runtime) {
    this(runtime, new RunningAttempts());
  }

  /** A processor whose kept activity attempts are claimed in {@code running}. */
  public WorkflowTaskProcessor(SagaRuntime runtime, RunningAttempts running) {
    this.runtime = runtime;
    this.running = running;
    this.events = runtime.events();
    this.replayer = new Replayer(runtime.activities(), events, runtime.clock(),
        new ReplayServices(new LocalActivityRunner(), runtime.workflows()));
    this.verifier = new Replayer(runtime.activities(), events, runtime.clock(),
        new ReplayServices(null, runtime.workflows()));
    this.children = new ChildWorkflows(runtime);
    this.runIds = new IdGenerator(runtime.clock());
  }

  /**
   * Moves saga {@code sagaId} as far as its history allows.
   *
   * @throws OperonException of kind REPLAY on non-determinism (nothing is appended)
   */
  public void process(String sagaId) {
    advance(sagaId, false);
  }

  /**
   * Like {@link #process}, but keeps the activity attempt it schedules, if this worker can run it
   * (due now, its type registered here), for the caller to run instead of publishing it.
   */
  public Optional<Continuation> processAndKeep(String sagaId) {
    return advance(sagaId, true);
  }

  /** Replays and records the next decision; the loser of an append race replays again. */
  private Optional<Continuation> advance(String sagaId, boolean keep) {
    return runtime.appendRetrying(sagaId, "recording a workflow task's decision", () -> advanceOnce(sagaId, keep));
  }

  private Optional<Continuation> advanceOnce(String sagaId, boolean keep) {
    SagaHistory history = runtime.histories().load(sagaId);
    if (!history.exists()) {
      return Optional.empty();
    }
    try (CorrelationContext.Scope saga = SagaContextScope.of(history)) {
      return advanceOnce(history, keep);
    }
  }

  private Optional<Continuation> advanceOnce(SagaHistory history, boolean keep) {
    if (history.terminal()) {
      repairLinks(history);
      return Optional.empty();
    }
    Decision decision = decide(history);
    if (decision.events().isEmpty()) {
      runtime.apply(decision.effects());
      return Optional.empty();
    }
    boolean atomic = runtime.transitions().atomic();
    // in a transition the attempt is claimed once the append went through (a writer that loses
    // the race never holds a claim); otherwise before the append, which is visible at once
    AtomicReference<Optional<Effect.RunActivity>> kept = new AtomicReference<>(
        keep && !atomic ? claimKept(decision, history.plus(decision.events())) : Optional.empty());
    SagaHistory after;
    try {
      after = runtime.transition(() -> {
        SagaHistory recorded = runtime.record(history, decision.events());
        if (atomic) {
          kept.set(keep ? claimKept(decision, recorded) : Optional.empty());
          applyKeeping(history, decision, kept.get());
        }
        return recorded;
      });
    } catch (RuntimeException e) {
      kept.get().ifPresent(run -> running.release(run.task()));
      throw e;
    }
    if (!atomic) {
      applyKeeping(history, decision, kept.get());
    }
    return kept.get().map(run -> new Continuation(run.task(), after));
  }

  /**
   * The activity attempt of {@code decision} that this worker will run itself, claimed in
   * {@link RunningAttempts} before the append that schedules it is visible (so a task for it that
   * reaches this process afterwards is dropped): before a lone append, or after the append inside a
   * transition, before its commit: the first one due now whose type, as scheduled
   * in {@code after} (the history with the decision's events), is registered here. Empty if none.
   * A caller whose append fails releases it.
   */
  public Optional<Effect.RunActivity> claimKept(Decision decision, SagaHistory after) {
    for (Effect effect : decision.effects()) {
      if (effect instanceof Effect.RunActivity run && run.delay().isZero()) {
        String type = after.scheduled(run.task().activityId()).map(e -> e.text(Attr.ACTIVITY_TYPE)).orElse(null);
        if (type != null && runtime.activities().get(type).isPresent() && running.claim(run.task())) {
          return Optional.of(run);
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code decision}'s effects and its links to other sagas after its append to
   * {@code before} (inside a transition: the links once it commits), except that attempt {@code kept} is not published (the caller runs it);
   * releases its claim if an effect fails.
   */
  public void applyKeeping(SagaHistory before, Decision decision, Optional<Effect.RunActivity> kept) {
    try {
      runtime.apply(decision.effects(), run -> kept.isPresent() && kept.get().equals(run));
      runtime.transitions().afterCommit("tell the parent of saga " + before.sagaId() + " what its child did",
          () -> children.afterAppend(before, decision));
    } catch (RuntimeException e) {
      kept.ifPresent(run -> running.release(run.task()));
      throw e;
    }
  }

  /** The attempts this process has kept to run itself. */
  public RunningAttempts running() {
    return running;
  }

  /**
   * A task for an ended saga (a retry of one whose follow-up write failed): redoes the writes that
   * link it to other sagas, each a no-op if already done.
   */
  private void repairLinks(SagaHistory history) {
    new ContinuedRuns(runtime).recover(history);
    children.recover(history);
  }

  /** Replays {@code history} against the current code without writing; throws REPLAY on a mismatch. */
  public void verify(SagaHistory history) {
    if (history.exists() && history.state() != SagaState.COMPENSATING) {
      verifier.replay(runtime.workflows().require(history.workflowType()), history);
    }
  }

  /**
   * What the saga whose history is {@code history} does next: the events to append and the effects
   * to run after them. Appends nothing.
   */
  public Decision decide(SagaHistory history) {
    Decision decision = decideUnchecked(history);
    SagaBlocks.requireRegistered(history.sagaId(), decision.events(), runtime.activities());
    if (history.blocked().isPresent()) {
      decision.addFirst(events.workflowTaskCompleted(history.sagaId()));
    }
    return decision;
  }

  private Decision decideUnchecked(SagaHistory history) {
    if (history.state() == SagaState.COMPENSATING) {
      return CompensationStep.next(history, events, runtime.activities());
    }
    Replayer.Result result;
    try {
      long start = System.nanoTime();
      result = replayer.replay(runtime.workflows().require(history.workflowType()), history);
      runtime.metrics().replayed(System.nanoTime() - start);
    } catch (OperonException e) {
      if (e.kind() == ErrorKind.REPLAY && (history.cancelRequested() || history.timedOut())) {
        return stopWithoutReplay(history, e);
      }
      throw e;
    }
    Decision decision = result.decision();
    switch (result.outcome()) {
      case ReplayOutcome.Paused paused -> { }
      case ReplayOutcome.Returned returned -> {
        closeTimers(history, decision);
        ChildWorkflows.close(history, decision, events);
        decision.add(events.workflowCompleted(history.sagaId(), returned.output()));
      }
      case ReplayOutcome.ContinuedAsNew next -> {
        closeTimers(history, decision);
        ChildWorkflows.close(history, decision, events);
        decision.add(events.continuedAsNew(history.sagaId(), runIds.next(), next.input()));
        decision.add(new Effect.StartNextRun(history.sagaId()));
      }
      case ReplayOutcome.Threw threw -> {
        closeTimers(history, decision);
        ChildWorkflows.close(history, decision, events);
        fail(history, decision, threw.failure());
      }
    }
    return decision;
  }

  /**
   * The decision for a saga asked to stop (cancelled, or its workflow timeout fired) whose code no
   * longer replays its history: its code cannot be run to the point where it stops, so it stops as
   * the history says, compensating the completed steps the history records, newest first.
   */
  private Decision stopWithoutReplay(SagaHistory history, OperonException replayError) {
    Decision decision = new Decision();
    closeTimers(history, decision);
    ChildWorkflows.close(history, decision, events);
    ErrorKind kind = history.timedOut() ? ErrorKind.TIMEOUT : ErrorKind.CANCELLED;
    String message = "Saga " + history.sagaId() + " was " + (history.timedOut() ? "timed out" : "cancelled")
        + " while its code did not replay its history (" + replayError.getMessage()
        + "); it stopped as its history says, without running its code";
    fail(history, decision, new SagaFailure(kind, message, OperonException.class.getName()));
    return decision;
  }

  private void fail(SagaHistory history, Decision decision, SagaFailure failure) {
    String sagaId = history.sagaId();
    List<ScheduledStep> plan = withDecided(history, decision).compensationPlan();
    if (plan.isEmpty()) {
      EventType end = failure.kind() == ErrorKind.CANCELLED
          ? EventType.WORKFLOW_EXECUTION_CANCELED : EventType.WORKFLOW_EXECUTION_FAILED;
      decision.add(events.withFailure(sagaId, end, failure));
      return;
    }
    decision.add(events.withFailure(sagaId, EventType.WORKFLOW_EXECUTION_FAILED, failure));
    decision.add(events.compensationStarted(sagaId, plan, runtime.compensationFailure(), null));
    CompensationStep.schedule(sagaId, plan.get(0), decision, events, runtime.activities());
  }

  /** {@code history} with the events decided so far (local steps done in this task have compensations too). */
  private static SagaHistory withDecided(SagaHistory history, Decision decision) {
    if (decision.events().isEmpty()) {
      return history;
    }
    List<HistoryEvent> all = new java.util.ArrayList<>(history.events());
    all.addAll(decision.events());
    return new SagaHistory(history.sagaId(), all);
  }

  private void closeTimers(SagaHistory history, Decision decision) {
    if (history.timeoutAt().isPresent()) {
      decision.add(new Effect.StopTimer(SagaHistory.workflowTimerId(history.sagaId())));
    }
    for (String timerId : history.openTimers()) {
      boolean closing = decision.events().stream().anyMatch(e -> e.eventType() == EventType.TIMER_CANCELED
          && timerId.equals(e.text(Attr.TIMER_ID)));
      if (!closing) {
        decision.add(events.timer(history.sagaId(), EventType.TIMER_CANCELED, timerId));
        decision.add(new Effect.StopTimer(timerId));
      }
    }
  }
}
