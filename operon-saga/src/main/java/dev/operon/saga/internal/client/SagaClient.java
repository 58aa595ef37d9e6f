package dev.operon.saga.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ConflictException;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaDescription;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.Workflow;
import dev.operon.saga.internal.ContinuedRuns;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.SagaBlocks;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.Rollback;
import dev.operon.saga.internal.history.SagaEndSignals;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.observe.SagaStartSpan;
import dev.operon.tracking.CorrelationContext;
import dev.operon.saga.internal.history.ScheduledStep;
import dev.operon.saga.internal.replay.Decision;
import dev.operon.saga.internal.replay.Effect;
import dev.operon.saga.internal.worker.AttemptLeases;
import dev.operon.saga.internal.worker.Continuation;
import dev.operon.saga.internal.worker.WorkflowTaskProcessor;
import dev.operon.timer.NewTimer;
import dev.operon.timer.TimerType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What callers do to sagas: start, signal, cancel, look up, wait for a result. Every write is an
 * append with the expected last id, retried on conflict; bad input appends nothing.
 */
public final class SagaClient {
  private static final Logger LOG = LoggerFactory.getLogger(SagaClient.class);
  private static final Pattern BUSINESS_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,150}");
  /** How long a waiter for a result sleeps between reads when no end is signalled in this engine. */
  /** A waiter reads its saga at most once per this gap, however often it is woken. */
  private static final long READ_GAP_NANOS = Duration.ofMillis(20).toNanos();
  /** The reason recorded for a cancel asked for through the API. */
  public static final String CANCEL_REASON = "cancelled on request";

  private final SagaRuntime runtime;
  private final IdGenerator ids;
  private final EventFactory events;
  private final WorkflowTaskProcessor workflows;
  private final Predicate<Continuation> runHere;
  private final String codeVersion;
  private final AwaitedSignals awaitedSignals;

  public SagaClient(SagaRuntime runtime) {
    this(runtime, null);
  }

  /** A client that records {@code codeVersion} (may be null) in every saga it starts. */
  public SagaClient(SagaRuntime runtime, String codeVersion) {
    this(runtime, null, c -> false, codeVersion);
  }

  /**
   * A client that decides a new saga's first step at start with {@code workflows} (null: leave it
   * to a workflow task) and offers the first activity to {@code runHere}, which returns whether it
   * runs it in this process (else it is published).
   */
  public SagaClient(SagaRuntime runtime, WorkflowTaskProcessor workflows, Predicate<Continuation> runHere) {
    this(runtime, workflows, runHere, null);
  }

  /** As {@link #SagaClient(SagaRuntime, WorkflowTaskProcessor, Predicate)}, recording {@code codeVersion} (may be null). */
  public SagaClient(SagaRuntime runtime, WorkflowTaskProcessor workflows, Predicate<Continuation> runHere,
      String codeVersion) {
    this.runtime = runtime;
    this.codeVersion = codeVersion;
    this.ids = new IdGenerator(runtime.clock());
    this.events = runtime.events();
    this.workflows = workflows;
    this.runHere = runHere;
    this.awaitedSignals = new AwaitedSignals(runtime.workflows());
  }

  /**
   * Starts a saga and returns its id; with a business id, an existing saga's id if it was started
   * with the same workflow type and input (else a VALIDATION error). The input must fit the
   * workflow's input type ({@link InputCheck}). The start event is appended together with the
   * saga's first decision when this client can make it (the workflow's code runs up to its first
   * step in the caller's thread), else a workflow task decides it.
   */
  public String start(String workflowType, Object input, String businessId) {
    Workflow<?, ?> workflow = runtime.workflows().require(workflowType);
    JsonNode tree = WorkflowRegistry.checkedInput(workflow, input, "Input");
    String checkedId = businessId == null ? null : checkedBusinessId(businessId);
    return start(workflow, tree, checkedId, SameStart.TYPE_AND_INPUT);
  }

  /**
   * Starts the saga of a schedule's firing, with the input stored with the schedule (checked when
   * it was scheduled, so decoded here the lenient way histories are read) and business id
   * {@code sagaId}. A saga with that id may exist already: this firing was handled before, or the
   * schedule's input was replaced after the firing started it (engines whose clocks differ, a
   * replacement racing with a firing); it is the firing's saga whatever its input.
   */
  public String startFiring(String workflowType, JsonNode storedInput, String sagaId) {
    Workflow<?, ?> workflow = runtime.workflows().require(workflowType);
    JsonNode tree = WorkflowRegistry.storedInput(workflow, storedInput, "The schedule's input");
    return start(workflow, tree, checkedBusinessId(sagaId), SameStart.TYPE);
  }

  /** What an existing saga must share with a start that names its business id to be returned by it. */
  private enum SameStart { TYPE, TYPE_AND_INPUT }

  private String start(Workflow<?, ?> workflow, JsonNode tree, String businessId, SameStart same) {
    String workflowType = workflow.type();
    if (businessId != null) {
      SagaHistory existing = runtime.histories().load(businessId);
      if (existing.exists()) {
        requireSameStart(existing, workflowType, tree, same);
        return businessId;
      }
    }
    String sagaId = businessId == null ? ids.next() : businessId;
    SagaStartSpan span = SagaStartSpan.start(runtime.metrics().telemetry(), workflowType, sagaId,
        runtime.clock().instant());
    try (CorrelationContext.Scope inSpan = span.activate()) {
      return start(workflow, tree, businessId, same, sagaId);
    } catch (RuntimeException e) {
      span.failed(e);
      throw e;
    } finally {
      span.end();
    }
  }

  private String start(Workflow<?, ?> workflow, JsonNode tree, String businessId, SameStart same, String sagaId) {
    String workflowType = workflow.type();
    Instant timeoutAt = workflow.timeout().map(runtime.clock().instant()::plus).orElse(null);
    HistoryEvent started = events.started(sagaId, workflowType, tree, businessId, timeoutAt, codeVersion);
    SagaHistory empty = new SagaHistory(sagaId, List.of());
    SagaHistory begun = empty.plus(List.of(started));
    Decision first = firstDecision(begun);
    List<HistoryEvent> batch = new ArrayList<>();
    batch.add(started);
    if (first != null) {
      batch.addAll(first.events());
    }
    if (runtime.transitions().atomic()) {
      try {
        startAtomically(empty, batch, first, timeoutAt);
      } catch (ConflictException e) {
        requireSameStart(runtime.histories().load(sagaId), workflowType, tree, same);
      }
      return sagaId;
    }
    Optional<Effect.RunActivity> kept = first == null ? Optional.empty()
        : workflows.claimKept(first, empty.plus(batch));
    try {
      SagaHistory after;
      try {
        after = runtime.histories().record(empty, batch);
      } catch (RuntimeException e) {
        kept.ifPresent(run -> workflows.running().release(run.task()));
        throw e;
      }
      if (timeoutAt != null) {
        runtime.timers().create(new NewTimer(SagaHistory.workflowTimerId(sagaId), sagaId,
            TimerType.WORKFLOW_TIMEOUT, timeoutAt, new byte[0]));
      }
      if (first == null) {
        runtime.wake(sagaId, after.lastEventId());
      } else {
        try {
          startFirstStep(begun, first, kept, after);
        } catch (RuntimeException e) {
          // the first step's writes failed: let a workflow task redo them, as it does for its own
          runtime.wake(sagaId, after.lastEventId());
          throw e;
        }
      }
    } catch (ConflictException e) {
      requireSameStart(runtime.histories().load(sagaId), workflowType, tree, same);
    }
    return sagaId;
  }

  /**
   * A start that found {@code existing} under its business id: fine if that saga was started with
   * {@code workflowType} (and, for {@link SameStart#TYPE_AND_INPUT}, an equal input, compared as
   * JSON trees); a VALIDATION error naming the business id and both starts otherwise.
   */
  private static void requireSameStart(SagaHistory existing, String workflowType, JsonNode input,
      SameStart same) {
    String businessId = existing.sagaId();
    if (!workflowType.equals(existing.workflowType())) {
      throw OperonException.of(ErrorKind.VALIDATION, "Business id '" + businessId + "' already names a saga"
              + " of type '" + existing.workflowType() + "', not '" + workflowType + "'; use another business id")
          .id(OperonException.Ids.SAGA, businessId).retryable(false).build();
    }
    JsonNode existingInput = existing.started().attributes().get(Attr.INPUT);
    if (same == SameStart.TYPE_AND_INPUT && !JsonTrees.sameValue(existingInput, input)) {
      throw OperonException.of(ErrorKind.VALIDATION, "Business id '" + businessId + "' already names a saga"
              + " of type '" + workflowType + "' started with input " + JsonTrees.excerpt(existingInput) + ", not "
              + JsonTrees.excerpt(input) + "; starting it again with the same input returns that saga:"
              + " use another business id for another input")
          .id(OperonException.Ids.SAGA, businessId).retryable(false).build();
    }
  }

  /**
   * Appends the start with its first decision, the workflow timeout timer and the first step's
   * writes in one transaction; once it commits, runs the kept first attempt here (or publishes it).
   */
  private void startAtomically(SagaHistory empty, List<HistoryEvent> batch, Decision first, Instant timeoutAt) {
    String sagaId = empty.sagaId();
    SagaHistory begun = empty.plus(batch.subList(0, 1));
    AtomicReference<Optional<Effect.RunActivity>> kept = new AtomicReference<>(Optional.empty());
    SagaHistory after;
    try {
      after = runtime.transition(() -> {
        SagaHistory recorded = runtime.record(empty, batch);
        if (first != null) {
          kept.set(workflows.claimKept(first, recorded));
        }
        if (timeoutAt != null) {
          runtime.timers().create(new NewTimer(SagaHistory.workflowTimerId(sagaId), sagaId,
              TimerType.WORKFLOW_TIMEOUT, timeoutAt, new byte[0]));
        }
        if (first == null) {
          runtime.wake(sagaId, recorded.lastEventId());
        } else {
          workflows.applyKeeping(begun, first, kept.get());
        }
        return recorded;
      });
    } catch (RuntimeException e) {
      kept.get().ifPresent(run -> workflows.running().release(run.task()));
      throw e;
    }
    kept.get().ifPresent(run -> runOrPublish(run, after));
  }

  private Decision firstDecision(SagaHistory started) {
    if (workflows == null) {
      return null;
    }
    try {
      return workflows.decide(started);
    } catch (OperonException e) {
      if (e.id(SagaBlocks.ACTIVITY_TYPE_ID).isPresent()) {
        // seen before anything is stored: the start is refused rather than a saga parked at once
        throw OperonException.invalid(e.getMessage() + "; the saga was not started");
      }
      return leaveToWorkflowTask(started, e);
    } catch (RuntimeException e) {
      return leaveToWorkflowTask(started, e);
    }
  }

  private static Decision leaveToWorkflowTask(SagaHistory started, RuntimeException e) {
    LOG.debug("Saga {}: first step left to a workflow task ({})", started.sagaId(), e.toString());
    return null;
  }

  private void startFirstStep(SagaHistory begun, Decision first, Optional<Effect.RunActivity> kept,
      SagaHistory after) {
    workflows.applyKeeping(begun, first, kept);
    kept.ifPresent(run -> runOrPublish(run, after));
  }

  /**
   * Runs kept attempt {@code run} here if there is room, else releases it, gives back the lease its
   * timer was created with, and publishes it.
   */
  private void runOrPublish(Effect.RunActivity run, SagaHistory after) {
    if (!runHere.test(new Continuation(run.task(), after))) {
      workflows.running().release(run.task());
      runtime.enqueue(new AttemptLeases(runtime).giveBack(run.task()), Duration.ZERO);
    }
  }

  /**
   * Records signal {@code name} for a live saga and wakes it. If the saga waits for that signal now
   * (and no earlier one of that name is still to be taken), the payload must fit the type it waits
   * for ({@link AwaitedSignals}), else VALIDATION and nothing is appended.
   */
  public void signal(String sagaId, String name, Object payload) {
    Objects.requireNonNull(name, "name");
    appendLive(sagaId, "signal '" + name + "'", h -> events.signalReceived(h.sagaId(), name,
        awaitedSignals.checkedPayload(h, name, payload), InputCheck.javaType(payload)));
  }

  /** Records a cancel request; false if the saga has finished or was already asked to stop. */
  public boolean cancel(String sagaId) {
    SagaHistory history = ContinuedRuns.latest(runtime, existing(sagaId));
    if (history.terminal() || history.cancelRequested()) {
      return false;
    }
    appendLive(sagaId, "cancel", h -> events.cancelRequested(h.sagaId(), CANCEL_REASON));
    return true;
  }

  /** Whether a saga was started with {@code sagaId}. */
  public boolean exists(String sagaId) {
    return runtime.histories().load(Objects.requireNonNull(sagaId, "sagaId")).exists();
  }

  /** The history of {@code sagaId}; VALIDATION error naming it if there is no such saga. */
  public SagaHistory existing(String sagaId) {
    SagaHistory history = runtime.histories().load(Objects.requireNonNull(sagaId, "sagaId"));
    if (!history.exists()) {
      throw OperonException.invalid("Unknown saga id '" + sagaId + "': no saga was started with it");
    }
    return history;
  }

  /** What saga {@code sagaId} is doing and has done; VALIDATION error if there is no such saga. */
  public SagaDescription describe(String sagaId) {
    SagaHistory h = existing(sagaId);
    Rollback rollback = Rollback.of(h);
    List<String> planned = switch (h.state()) {
      case RUNNING, PAUSED -> h.compensationPlan().stream().map(ScheduledStep::activityType).toList();
      default -> rollback.stillToRun();
    };
    return new SagaDescription(sagaId, h.workflowType(), h.state(), h.events(), h.pendingActivities(),
        planned, h.failure(), h.searchAttributes(), h.blocked(), rollback.records());
  }

  /**
   * Waits up to {@code timeout} for the saga to finish; returns its result decoded as the
   * workflow's result type, or throws its failure (CANCELLED for a cancelled or rolled-back saga,
   * {@link dev.operon.saga.CompensationFailedException} for one whose rollback failed).
   */
  public Object result(String sagaId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SagaHistory h = awaitEnd(Objects.requireNonNull(sagaId, "sagaId"), true, deadline, timeout);
    while (h.continuedAs().isPresent()) {
      h = awaitEnd(h.continuedAs().get(), false, deadline, timeout);
    }
    sagaId = h.sagaId();
    SagaFailure failure = h.failure().orElse(null);
    return switch (h.state()) {
      case COMPLETED -> Json.value(h.output().orElse(null), runtime.workflows().require(h.workflowType()).outputType());
      case CANCELLED -> throw OperonException.of(ErrorKind.CANCELLED, "Saga " + sagaId
              + " was cancelled or rolled back; original failure: " + failure)
          .id(OperonException.Ids.SAGA, sagaId).retryable(false).build();
      case FAILED -> throw rollbackOrRunFailure(h, failure);
      default -> throw failed(sagaId, failure);
    };
  }

  /** The failure of a saga that ended Failed: its failed rollback, or the failure it had nothing to roll back for. */
  private static OperonException rollbackOrRunFailure(SagaHistory failedSaga, SagaFailure failure) {
    Optional<? extends OperonException> rollback = Rollback.of(failedSaga).failure();
    return rollback.isPresent() ? rollback.get() : failed(failedSaga.sagaId(), failure);
  }

  private static OperonException failed(String sagaId, SagaFailure failure) {
    return OperonException.of(failure == null ? ErrorKind.UNKNOWN : failure.kind(), "Saga " + sagaId
            + " failed: " + failure)
        .id(OperonException.Ids.SAGA, sagaId).retryable(false).build();
  }

  /**
   * Waits until run {@code sagaId} has ended; unless {@code mustExist} (the next run of a chain),
   * it may not exist yet. An end this engine records wakes the wait at once, with the ended
   * history; an end another engine announces wakes it to read the history again (at most once per
   * 20 ms), and without an announcement it reads again after {@link SagaEndSignals#pollInterval()},
   * then at growing intervals ({@link SagaEndSignals#nextPoll}).
   */
  private SagaHistory awaitEnd(String sagaId, boolean mustExist, long deadline, Duration timeout) {
    SagaEndSignals ends = runtime.histories().ends();
    CompletableFuture<SagaHistory> ended = ends.watch(sagaId);
    try {
      // read once watched, so that an end recorded before the watch began is seen here
      SagaHistory h = mustExist ? existing(sagaId) : runtime.histories().load(sagaId);
      long lastRead = System.nanoTime();
      Duration poll = ends.pollInterval();
      while (!(h.exists() && h.terminal())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw OperonException.of(ErrorKind.TIMEOUT, "Saga " + sagaId + " did not finish within "
              + timeout + "; it is " + (h.exists() ? h.state() : "not started yet"))
              .id(OperonException.Ids.SAGA, sagaId).build();
        }
        SagaHistory signalled = SagaEndSignals.await(ended, Duration.ofNanos(Math.min(left, poll.toNanos())));
        poll = ends.nextPoll(poll);
        if (signalled != null) {
          return signalled;
        }
        ended = ends.watch(sagaId);
        long gap = READ_GAP_NANOS - (System.nanoTime() - lastRead);
        if (gap > 0) {
          // woken by another engine's announcement soon after the last read: pace the reads
          TimeUnit.NANOSECONDS.sleep(Math.min(gap, Math.max(0, deadline - System.nanoTime())));
        }
        h = runtime.histories().load(sagaId);
        lastRead = System.nanoTime();
      }
      return h;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperonException(ErrorKind.CANCELLED, "Interrupted while waiting for saga " + sagaId, e);
    } finally {
      ends.unwatch(sagaId, ended);
    }
  }

  private void appendLive(String sagaId, String what, Function<SagaHistory, HistoryEvent> event) {
    runtime.appendRetrying(sagaId, "delivering " + what, () -> {
      SagaHistory history = ContinuedRuns.latest(runtime, existing(sagaId));
      if (history.terminal()) {
        throw OperonException.invalid("Cannot deliver " + what + " to saga " + sagaId + " ("
            + history.workflowType() + "): it has finished in state " + history.state());
      }
      runtime.wake(history.sagaId(), runtime.histories().append(history, List.of(event.apply(history))));
      return null;
    });
  }

  private static String checkedBusinessId(String businessId) {
    if (!BUSINESS_ID.matcher(businessId).matches()) {
      throw OperonException.invalid("businessId must be 1-150 letters, digits or . _ : @ -, was '"
          + businessId + "'");
    }
    return businessId;
  }
}
