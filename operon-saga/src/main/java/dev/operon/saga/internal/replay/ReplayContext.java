package dev.operon.saga.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityFailedException;
import dev.operon.saga.ActivityOptions;
import dev.operon.saga.ActivityRegistry;
import dev.operon.saga.ChildWorkflowOptions;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.Step;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.SagaBlocks;
import dev.operon.saga.internal.TypeIds;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.client.InputCheck;
import dev.operon.saga.internal.client.SagaClient;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.history.ScheduledStep;
import dev.operon.saga.internal.visibility.SearchAttributes;
import dev.operon.saga.internal.worker.ActivityTaskMessage;
import dev.operon.timer.NewTimer;
import dev.operon.timer.TimerType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@link WorkflowContext} of one replay: serves recorded results from the history, records the
 * first new command in a {@link Decision} and pauses, and reports code that asks for something
 * other than what the history recorded as non-determinism (kind REPLAY).
 */
public final class ReplayContext implements WorkflowContext {
  private final SagaHistory history;
  private final List<HistoryEvent> commands;
  private final ActivityRegistry activities;
  private final EventFactory events;
  private final Clock clock;
  private final ReplayServices services;
  private final Decision decision = new Decision();
  private final WorkflowHandlers handlers = new WorkflowHandlers();
  private final UpdateInbox updates;
  private boolean codeEnded;
  /** Per signal name, the position in the history's signals of that name of the next one to look at. */
  private final Map<String, Integer> signalsTaken = new HashMap<>();
  /** Signals this replay rejected (SignalRejected added to its decision). */
  private final Set<Long> rejectedHere = new HashSet<>();
  private int seq;
  private int uuids;
  private Instant now;
  private boolean paused;
  private OperonException engineError;

  ReplayContext(SagaHistory history, ActivityRegistry activities, EventFactory events, Clock clock,
      ReplayServices services) {
    this.history = history;
    this.services = services;
    this.commands = history.commands();
    this.activities = activities;
    this.events = events;
    this.clock = clock;
    this.now = history.started().timestamp();
    this.updates = new UpdateInbox(history, handlers, events, decision);
  }

  /** The query and update handlers the code registered so far. */
  public WorkflowHandlers handlers() {
    return handlers;
  }

  /**
   * The workflow code returned or threw: updates still undelivered go to their handlers now, and
   * from here on the context serves handlers only (a query's handler cannot wait).
   */
  void codeEnded() {
    if (engineError == null) {
      deliverUpdates(Long.MAX_VALUE);
    }
    codeEnded = true;
  }

  /**
   * Runs the handlers of updates accepted before event {@code beforeEventId}. A handler that calls
   * the context fails (see {@link #requireWaitAllowed}); the position of the workflow's own
   * commands is restored, so such a call never shifts them.
   */
  private void deliverUpdates(long beforeEventId) {
    int at = seq;
    updates.deliverBefore(beforeEventId);
    seq = at;
  }

  /** Stops a wait issued by a handler or after the code ended. */
  private void requireWaitAllowed() {
    if (updates.delivering() || codeEnded) {
      throw UpdateInbox.waitInHandler(sagaId());
    }
  }

  Decision decision() {
    return decision;
  }

  boolean paused() {
    return paused;
  }

  /**
   * An error of the engine or its set-up met during the replay (non-determinism, an activity this
   * worker does not know): never a failure of the saga, whatever the workflow code did with it.
   */
  Optional<OperonException> engineError() {
    return Optional.ofNullable(engineError);
  }

  /** Throws REPLAY if the code finished while the history holds more commands than it issued. */
  void requireAllCommandsReplayed() {
    if (seq < commands.size()) {
      HistoryEvent extra = commands.get(seq);
      throw replayError(extra, "the code returned without issuing it");
    }
  }

  @Override
  public String sagaId() {
    return history.sagaId();
  }

  @Override
  public <I, O> O activity(Class<? extends Activity<I, O>> type, I input) {
    return runStep(type, input, null, null);
  }

  @Override
  public <I, O> Step<O> step(Class<? extends Activity<I, O>> type, I input) {
    return step(type, input, null, false);
  }

  /** The step of {@code type}, run as an activity task or, if {@code local}, in the workflow task. */
  private <I, O> Step<O> step(Class<? extends Activity<I, O>> type, I input, ActivityOptions options, boolean local) {
    return new Step<>() {
      @Override
      public Step<O> options(ActivityOptions value) {
        return step(type, input, Objects.requireNonNull(value, "options"), local);
      }

      @Override
      public O compensateWith(Class<? extends Activity<? super O, ?>> compensation) {
        return runStep(local, type, input, Objects.requireNonNull(compensation, "compensation"), options);
      }

      @Override
      public O run() {
        return runStep(local, type, input, null, options);
      }
    };
  }

  private <O> O runStep(boolean local, Class<?> type, Object input, Class<?> compensation, ActivityOptions options) {
    return local ? LocalActivityCommand.run(this, type, input, compensation, options)
        : runStep(type, input, compensation, options);
  }

  @SuppressWarnings("unchecked")
  private <O> O runStep(Class<?> type, Object input, Class<?> compensationClass, ActivityOptions options) {
    Activity<?, ?> activity = registered(type);
    String compensation = compensationClass == null ? null : registered(compensationClass).typeId();
    String activityId = String.valueOf(++seq);
    String wanted = "activity '" + activity.typeId() + "'"
        + (compensation == null ? "" : " compensated by '" + compensation + "'");
    HistoryEvent recorded = expect(wanted, e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED
        && activity.typeId().equals(e.text(Attr.ACTIVITY_TYPE))
        && Objects.equals(compensation, e.text(Attr.COMPENSATION)));
    if (recorded == null) {
      requireNotCancelled();
      ScheduledStep step = new ScheduledStep(activityId, activity.typeId(), Json.tree(input), compensation, null);
      decision.add(StepOptions.record(events.activityScheduled(sagaId(), step), options));
      decision.add(new Effect.RunActivity(new ActivityTaskMessage(sagaId(), activityId, 1), Duration.ZERO,
          (options == null ? activity.options() : options).timeout()));
      throw pause();
    }
    HistoryEvent outcome = history.outcome(activityId).orElseThrow(this::pause);
    reached(outcome);
    if (outcome.eventType() == EventType.ACTIVITY_TASK_COMPLETED) {
      return (O) Json.value(outcome.attributes().get(Attr.OUTPUT), activity.outputType());
    }
    SagaFailure failure = Json.value(outcome.attributes().get(Attr.FAILURE), SagaFailure.class);
    throw new ActivityFailedException(sagaId(), activityId, activity.typeId(), failure);
  }

  @Override
  public void sleep(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    String timerId = nextTimerId();
    HistoryEvent recorded = expect("sleep(" + duration + ")", e -> e.eventType() == EventType.TIMER_CREATED
        && Attr.PURPOSE_SLEEP.equals(e.text(Attr.PURPOSE)));
    if (recorded == null) {
      startTimer(timerId, TimerType.SLEEP, duration, Attr.PURPOSE_SLEEP, null, null);
    }
    HistoryEvent fired = history.timerEvent(EventType.TIMER_FIRED, timerId).orElse(null);
    if (fired == null) {
      requireNotCancelled();
      throw pause();
    }
    reached(fired);
  }

  @Override
  public <T> T awaitSignal(String name, Class<T> type, Duration timeout) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timeout, "timeout");
    String timerId = nextTimerId();
    HistoryEvent recorded = expect("awaitSignal('" + name + "')", e -> e.eventType() == EventType.TIMER_CREATED
        && Attr.PURPOSE_SIGNAL.equals(e.text(Attr.PURPOSE)) && name.equals(e.text(Attr.SIGNAL_NAME)));
    if (recorded == null) {
      requireNotCancelled();
      Optional<HistoryEvent> next = nextSignal(name, type, true, Long.MAX_VALUE);
      if (next.isEmpty()) {
        startTimer(timerId, TimerType.CUSTOM, timeout, Attr.PURPOSE_SIGNAL, name, type.getName());
      }
      decision.add(events.timerCreated(sagaId(), timerId, clock.instant().plus(timeout), Attr.PURPOSE_SIGNAL, name,
          type.getName()));
      decision.add(events.timer(sagaId(), EventType.TIMER_CANCELED, timerId));
      return receive(name, next.get(), type);
    }
    Optional<HistoryEvent> fired = history.timerEvent(EventType.TIMER_FIRED, timerId);
    boolean closed = history.timerEvent(EventType.TIMER_CANCELED, timerId).isPresent();
    // Signals are judged while the wait is open, and only if it recorded the type (older engines
    // did not: their waits decode leniently, as they did); a closed wait took its signal already.
    boolean judge = !closed && recorded.text(Attr.SIGNAL_TYPE) != null;
    long firedAt = fired.map(HistoryEvent::eventId).orElse(Long.MAX_VALUE);
    Optional<HistoryEvent> next = nextSignal(name, type, judge, firedAt);
    if (next.isPresent()) {
      if (fired.isEmpty() && !closed) {
        decision.add(events.timer(sagaId(), EventType.TIMER_CANCELED, timerId));
        decision.add(new Effect.StopTimer(timerId));
      }
      return receive(name, next.get(), type);
    }
    if (fired.isPresent()) {
      if (history.stopRequestedBefore(fired.get().eventId())) {
        // the stop came first: had its workflow task run before the timer fired (it does, unless the
        // workers were down or behind), the saga would have stopped here, so it does now
        requireNotCancelled();
      }
      reached(fired.get());
      throw OperonException.of(ErrorKind.TIMEOUT, "Saga " + sagaId() + " got no signal '" + name
              + "' within " + timeout).id(OperonException.Ids.SAGA, sagaId()).retryable(false).build();
    }
    requireNotCancelled();
    throw pause();
  }

  /**
   * The oldest signal {@code name} recorded before event {@code before} that no earlier awaitSignal
   * of this replay took and that was not rejected. With {@code judge}, a signal whose payload does
   * not fit {@code type} ({@link InputCheck}) is rejected: SignalRejected is added to the decision,
   * and the next one is looked at.
   */
  private Optional<HistoryEvent> nextSignal(String name, Class<?> type, boolean judge, long before) {
    List<HistoryEvent> signals = history.signals(name);
    for (int at = signalsTaken.getOrDefault(name, 0); at < signals.size(); at++) {
      HistoryEvent signal = signals.get(at);
      if (signal.eventId() >= before) {
        break;
      }
      if (history.signalRejected(signal.eventId()) || rejectedHere.contains(signal.eventId())) {
        continue;
      }
      Optional<String> misfit = judge ? misfit(name, signal, type) : Optional.empty();
      if (misfit.isEmpty()) {
        signalsTaken.put(name, at); // receive() moves past it
        return Optional.of(signal);
      }
      rejectedHere.add(signal.eventId());
      decision.add(events.signalRejected(sagaId(), name, signal.eventId(), misfit.get()));
    }
    return Optional.empty();
  }

  /** Why the payload of {@code signal} does not fit {@code type}; empty if it fits. */
  private Optional<String> misfit(String name, HistoryEvent signal, Class<?> type) {
    ClassLoader loader = services.workflows().find(history.workflowType())
        .map(w -> w.getClass().getClassLoader()).orElse(ReplayContext.class.getClassLoader());
    try {
      InputCheck.fittingRecorded(signal.attributes().get(Attr.PAYLOAD), signal.text(Attr.PAYLOAD_TYPE), type,
          loader, "Signal '" + name + "' (event " + signal.eventId() + ")");
      return Optional.empty();
    } catch (OperonException e) {
      return Optional.of(e.getMessage());
    }
  }

  private <T> T receive(String name, HistoryEvent signal, Class<T> type) {
    signalsTaken.merge(name, 1, Integer::sum);
    reached(signal);
    return Json.value(signal.attributes().get(Attr.PAYLOAD), type);
  }

  @Override
  public <T> T sideEffect(Class<T> type, Supplier<T> effect) {
    Objects.requireNonNull(effect, "effect");
    seq++;
    HistoryEvent recorded = expect("sideEffect(" + type.getSimpleName() + ")",
        e -> e.eventType() == EventType.SIDE_EFFECT_RECORDED);
    if (recorded != null) {
      return Json.value(recorded.attributes().get(Attr.VALUE), type);
    }
    T value = effect.get();
    decision.add(events.sideEffect(sagaId(), Json.tree(value)));
    return value;
  }

  @Override
  public boolean patched(String patchId) {
    Objects.requireNonNull(patchId, "patchId");
    requireWaitAllowed();
    if (seq < commands.size()) {
      HistoryEvent recorded = commands.get(seq);
      boolean marker = recorded.eventType() == EventType.MARKER_RECORDED
          && Attr.MARKER_PATCH.equals(recorded.text(Attr.MARKER)) && patchId.equals(recorded.text(Attr.PATCH_ID));
      if (marker) {
        seq++;
      }
      return marker;
    }
    seq++;
    decision.add(events.patchMarker(sagaId(), patchId));
    return true;
  }

  @Override
  public void upsertSearchAttributes(Map<String, ?> attributes) {
    JsonNode upsert = SearchAttributes.encode(attributes);
    seq++;
    String wanted = "upsertSearchAttributes(" + SearchAttributes.names(upsert) + ")";
    HistoryEvent recorded = expect(wanted, e -> e.eventType() == EventType.SEARCH_ATTRIBUTES_UPSERTED
        && SearchAttributes.sameNames(upsert, e.attributes().get(Attr.SEARCH_ATTRIBUTES)));
    if (recorded == null) {
      decision.add(events.searchAttributesUpserted(sagaId(), upsert));
    }
  }

  @Override
  public <R> void onQuery(String name, Supplier<R> handler) {
    handlers.onQuery(name, handler);
  }

  @Override
  public <A, R> void onUpdate(String name, Class<A> argType, Consumer<? super A> validator,
      Function<? super A, R> handler) {
    handlers.onUpdate(name, argType, validator, handler);
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public UUID randomUuid() {
    String seed = sagaId() + "/" + seq + "/" + (++uuids);
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
  }

  private String nextTimerId() {
    return sagaId() + "/timer-" + (++seq);
  }

  private void startTimer(String timerId, TimerType type, Duration after, String purpose, String signal,
      String signalType) {
    requireNotCancelled();
    Instant fireAt = clock.instant().plus(after);
    decision.add(events.timerCreated(sagaId(), timerId, fireAt, purpose, signal, signalType));
    decision.add(new Effect.StartTimer(new NewTimer(timerId, sagaId(), type, fireAt,
        timerId.getBytes(StandardCharsets.UTF_8))));
    throw pause();
  }

  /** The recorded command at the current position, null if the history ends here; REPLAY if it differs. */
  HistoryEvent expect(String wanted, Predicate<HistoryEvent> matches) {
    requireWaitAllowed();
    if (seq > commands.size()) {
      return null;
    }
    HistoryEvent recorded = commands.get(seq - 1);
    if (!matches.test(recorded)) {
      throw replayError(recorded, "the code now asks for " + wanted);
    }
    return recorded;
  }

  private OperonException replayError(HistoryEvent recorded, String what) {
    engineError = OperonException.of(ErrorKind.REPLAY,
            "Saga " + sagaId() + " (" + history.workflowType() + ") is not deterministic: history event "
                + recorded.eventId() + " records " + describe(recorded) + " as command " + seq
                + ", but " + what + "; run the code the saga started on, or change the code only"
                + " for sagas started after the change")
        .id(OperonException.Ids.SAGA, sagaId())
        .id("event", String.valueOf(recorded.eventId()))
        .retryable(false)
        .build();
    return engineError;
  }

  Activity<?, ?> registered(Class<?> type) {
    try {
      return activities.require(type);
    } catch (OperonException e) {
      engineError = OperonException.of(ErrorKind.CONFIGURATION, "Saga " + sagaId() + " ("
              + history.workflowType() + ") calls activity '" + TypeIds.of(type) + "', which is not registered on"
              + " this engine: register it with SagaEngineBuilder.activities(...) on the engines that run this"
              + " workflow (" + e.getMessage() + ")")
          .id(OperonException.Ids.SAGA, sagaId()).id(SagaBlocks.ACTIVITY_TYPE_ID, TypeIds.of(type))
          .retryable(false).build();
      throw engineError;
    }
  }

  private static String describe(HistoryEvent e) {
    String feature = describeFeature(e);
    if (feature != null) {
      return feature;
    }
    if (e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED) {
      String compensation = e.text(Attr.COMPENSATION);
      return "activity '" + e.text(Attr.ACTIVITY_TYPE) + "'"
          + (compensation == null ? "" : " compensated by '" + compensation + "'");
    }
    if (e.eventType() == EventType.SIDE_EFFECT_RECORDED) {
      return "a side effect";
    }
    if (e.eventType() == EventType.SEARCH_ATTRIBUTES_UPSERTED) {
      return "an upsert of search attributes";
    }
    if (e.eventType() == EventType.MARKER_RECORDED) {
      return "patch marker '" + e.text(Attr.PATCH_ID) + "'";
    }
    return Attr.PURPOSE_SIGNAL.equals(e.text(Attr.PURPOSE))
        ? "awaitSignal('" + e.text(Attr.SIGNAL_NAME) + "')" : "a sleep";
  }

  void requireNotCancelled() {
    if (history.timedOut()) {
      String forced = history.last(EventType.WORKFLOW_EXECUTION_TIMED_OUT).map(e -> e.text(Attr.REASON)).orElse(null);
      throw OperonException.of(ErrorKind.TIMEOUT, "Saga " + sagaId() + " (" + history.workflowType()
              + (forced == null ? ") ran past its workflow timeout at " + history.timeoutAt().orElse(null)
                  : ") was timed out: " + forced))
          .id(OperonException.Ids.SAGA, sagaId()).retryable(false).build();
    }
    if (history.cancelRequested()) {
      String reason = history.last(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED).map(e -> e.text(Attr.REASON))
          .orElse(null);
      throw OperonException.of(ErrorKind.CANCELLED, "Saga " + sagaId() + " was cancelled"
              + (reason == null || reason.equals(SagaClient.CANCEL_REASON) ? " on request" : ": " + reason))
          .id(OperonException.Ids.SAGA, sagaId()).retryable(false).build();
    }
  }

  void reached(HistoryEvent event) {
    deliverUpdates(event.eventId());
    if (event.timestamp().isAfter(now)) {
      now = event.timestamp();
    }
  }

  WorkflowPause pause() {
    deliverUpdates(Long.MAX_VALUE);
    paused = true;
    return new WorkflowPause();
  }

  @Override
  public <I, O> O localActivity(Class<? extends Activity<I, O>> type, I input) {
    return LocalActivityCommand.run(this, type, input, null, null);
  }

  @Override
  public <I, O> Step<O> localStep(Class<? extends Activity<I, O>> type, I input) {
    return step(type, input, null, true);
  }

  @Override
  public void marker(String name, Object details) {
    Objects.requireNonNull(name, "name");
    seq++;
    HistoryEvent recorded = expect("marker '" + name + "'", e -> e.eventType() == EventType.MARKER_RECORDED
        && Attr.MARKER_USER.equals(e.text(Attr.MARKER)) && name.equals(e.text(Attr.MARKER_NAME)));
    if (recorded == null) {
      decision.add(events.userMarker(sagaId(), name, Json.tree(details)));
    } else {
      reached(recorded);
    }
  }

  @Override
  public <I, O> O childWorkflow(Class<? extends Workflow<I, O>> type, I input) {
    return childWorkflow(type, input, ChildWorkflowOptions.DEFAULT);
  }

  @Override
  public <I, O> O childWorkflow(Class<? extends Workflow<I, O>> type, I input, ChildWorkflowOptions options) {
    return ChildWorkflowCommand.run(this, type, input, options);
  }

  @Override
  public void continueAsNew(Object input) {
    requireWaitAllowed();
    requireNotCancelled();
    JsonNode tree = WorkflowRegistry.checkedInput(services.workflows().require(history.workflowType()),
        input, "continueAsNew input");
    throw new ContinueAsNewRequest(tree);
  }

  private static String describeFeature(HistoryEvent e) {
    return switch (e.eventType()) {
      case LOCAL_ACTIVITY_COMPLETED, LOCAL_ACTIVITY_FAILED -> "local activity '" + e.text(Attr.ACTIVITY_TYPE) + "'"
          + (e.text(Attr.COMPENSATION) == null ? "" : " compensated by '" + e.text(Attr.COMPENSATION) + "'");
      case START_CHILD_WORKFLOW_INITIATED -> "child workflow '" + e.text(Attr.WORKFLOW_TYPE) + "'";
      case MARKER_RECORDED -> Attr.MARKER_USER.equals(e.text(Attr.MARKER))
          ? "marker '" + e.text(Attr.MARKER_NAME) + "'" : null;
      default -> null;
    };
  }

  /** The history being replayed. */
  SagaHistory history() {
    return history;
  }

  EventFactory events() {
    return events;
  }

  ReplayServices services() {
    return services;
  }

  /** The position of the next command the code issues (1 for the first). */
  int nextSeq() {
    return ++seq;
  }

  /**
   * Records {@code cause} as an error of the engine or its set-up (never a failure of the saga,
   * whatever the workflow code does with it) and returns it to be thrown.
   */
  OperonException engineFailure(RuntimeException cause) {
    engineError = cause instanceof OperonException o && o.kind() != ErrorKind.VALIDATION ? o
        : OperonException.of(ErrorKind.CONFIGURATION, "Saga " + sagaId() + " (" + history.workflowType()
                + ") cannot run on this worker: " + cause.getMessage())
            .id(OperonException.Ids.SAGA, sagaId()).retryable(true).build();
    return engineError;
  }

  JsonNode input() {
    return history.started().attributes().get(Attr.INPUT);
  }
}
