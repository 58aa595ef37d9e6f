package dev.operon.saga;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ConflictException;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.id.IdGenerator;
import dev.operon.queue.QueueNames;
import dev.operon.queue.TaskQueue;
import dev.operon.saga.internal.ActivityTaskProcessor;
import dev.operon.saga.internal.EventFactory;
import dev.operon.saga.internal.HistoryStore;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.SagaHistory;
import dev.operon.saga.internal.SagaRecovery;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.SagaWorker;
import dev.operon.saga.internal.ScheduledStep;
import dev.operon.saga.internal.TimerFiring;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.WorkflowTaskProcessor;
import dev.operon.timer.TimerStore;
import dev.operon.timer.NewTimer;
import dev.operon.timer.TimerType;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The saga engine: starts sagas, signals and cancels them, describes them, and runs the workers
 * that move them forward. Build one with {@link #builder()}; close it to stop its workers.
 */
public final class SagaEngine implements AutoCloseable {
  private static final Pattern BUSINESS_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,150}");

  private final SagaRuntime runtime;
  private final IdGenerator ids;
  private final EventFactory events;
  private final WorkflowTaskProcessor workflowTasks;
  private final ActivityTaskProcessor activityTasks;
  private final TimerFiring timers;
  private final SagaWorker worker;
  private final SagaRecovery recovery;

  private SagaEngine(Builder b) {
    WorkflowRegistry workflows = new WorkflowRegistry();
    b.workflows.forEach(workflows::register);
    this.runtime = new SagaRuntime(new HistoryStore(b.eventStore, b.snapshotInterval), b.taskQueue, b.timerStore, b.clock,
        b.activities, workflows, b.workflowQueue, b.activityQueue);
    this.ids = new IdGenerator(b.clock);
    this.events = runtime.events();
    this.workflowTasks = new WorkflowTaskProcessor(runtime);
    this.activityTasks = new ActivityTaskProcessor(runtime);
    this.timers = new TimerFiring(runtime, "saga-timers-" + ids.next(), activityTasks);
    this.recovery = new SagaRecovery(runtime);
    this.worker = new SagaWorker(runtime, workflowTasks, activityTasks, timers);
    if (b.recoverOnStart && b.workers > 0) {
      recovery.resumeAll();
    }
    worker.start(b.workers, b.timerPoll);
  }

  /** A builder; the event store, task queue and timer store are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts {@code workflow} with {@code input}; see {@link #start(String, Object, String)}. */
  public <I, O> SagaHandle<O> start(Class<? extends Workflow<I, O>> workflow, I input) {
    return start(workflow, input, null);
  }

  /** Starts {@code workflow} with {@code input}, idempotently per {@code businessId} (may be null). */
  @SuppressWarnings("unchecked")
  public <I, O> SagaHandle<O> start(Class<? extends Workflow<I, O>> workflow, I input, String businessId) {
    return (SagaHandle<O>) start(runtime.workflows().typeOf(workflow), input, businessId);
  }

  /**
   * Starts the workflow registered as {@code workflowType} with {@code input}. With a business id,
   * the saga's id is that business id and starting it again returns the existing saga. Unknown
   * types and inputs that do not decode as the workflow's input type are VALIDATION errors, and
   * nothing is stored.
   */
  public SagaHandle<Object> start(String workflowType, Object input, String businessId) {
    Workflow<?, ?> workflow = runtime.workflows().require(workflowType);
    JsonNode tree = checkedInput(workflow, input);
    String sagaId = businessId == null ? ids.next() : checkedBusinessId(businessId);
    SagaHistory empty = new SagaHistory(sagaId, List.of());
    Instant timeoutAt = workflow.timeout().map(runtime.clock().instant()::plus).orElse(null);
    try {
      long last = runtime.histories().append(empty,
          List.of(events.started(sagaId, workflowType, tree, businessId, timeoutAt)));
      if (timeoutAt != null) {
        runtime.timers().create(new NewTimer(SagaHistory.workflowTimerId(sagaId), sagaId, TimerType.WORKFLOW_TIMEOUT,
            timeoutAt, new byte[0]));
      }
      runtime.wake(sagaId, last);
    } catch (ConflictException e) {
      String existing = runtime.histories().load(sagaId).workflowType();
      if (!workflowType.equals(existing)) {
        throw OperonException.invalid("Business id '" + businessId + "' already names a saga of type '"
            + existing + "', not '" + workflowType + "'; use another business id");
      }
    }
    return handle(sagaId);
  }

  /** A handle on an existing saga; its result decodes as the workflow's result type. */
  public SagaHandle<Object> handle(String sagaId) {
    return new Handle(sagaId);
  }

  /**
   * Delivers signal {@code name} with {@code payload} to saga {@code sagaId}. A VALIDATION error if
   * the saga does not exist or has finished; nothing is appended then.
   */
  public void signal(String sagaId, String name, Object payload) {
    Objects.requireNonNull(name, "name");
    JsonNode tree = Json.tree(payload);
    appendLive(sagaId, "signal '" + name + "'", h -> events.signalReceived(sagaId, name, tree));
  }

  /**
   * Asks saga {@code sagaId} to stop: the compensations of its completed steps run (newest first)
   * and it ends Cancelled. A VALIDATION error if the saga does not exist; returns false (and
   * changes nothing) if it has already finished or was already asked to stop.
   */
  public boolean cancel(String sagaId) {
    SagaHistory history = existing(sagaId);
    if (history.terminal() || history.cancelRequested()) {
      return false;
    }
    appendLive(sagaId, "cancel", h -> events.cancelRequested(sagaId, "cancelled on request"));
    return true;
  }

  /** The saga's state, history, pending steps, planned compensations and failure. */
  public SagaDescription describe(String sagaId) {
    SagaHistory h = existing(sagaId);
    List<String> planned = h.compensationPlan().stream().map(ScheduledStep::activityType).toList();
    return new SagaDescription(sagaId, h.workflowType(), h.state(), h.events(), h.pendingActivities(),
        h.terminal() ? List.of() : planned, h.failure());
  }

  /**
   * Replays saga {@code sagaId}'s history against the registered code without writing anything.
   *
   * @throws OperonException of kind REPLAY naming the saga, the event id and what differed
   */
  public void verifyReplay(String sagaId) {
    workflowTasks.verify(existing(sagaId));
  }

  /**
   * Resumes every unfinished saga from its history: re-creates its open timers, re-publishes its
   * pending activity attempts and wakes it. {@link Builder#build()} does this when the engine has
   * workers, unless {@link Builder#recoverOnStart(boolean)} says not to. Returns how many sagas
   * were unfinished.
   */
  public int recover() {
    return recovery.resumeAll();
  }

  /** Fires the timers due by the engine's clock now (the background loop does this too, if on). */
  public int fireDueTimers() {
    return timers.fireDue(1000);
  }

  /** Stops the workers. The ports stay open: their owner closes them. */
  @Override
  public void close() {
    worker.close();
    activityTasks.close();
  }

  private SagaHistory existing(String sagaId) {
    SagaHistory history = runtime.histories().load(Objects.requireNonNull(sagaId, "sagaId"));
    if (!history.exists()) {
      throw OperonException.invalid("Unknown saga id '" + sagaId + "': no saga was started with it");
    }
    return history;
  }

  private void appendLive(String sagaId, String what, java.util.function.Function<SagaHistory, HistoryEvent> event) {
    for (int i = 0; i < 50; i++) {
      SagaHistory history = existing(sagaId);
      if (history.terminal()) {
        throw OperonException.invalid("Cannot deliver " + what + " to saga " + sagaId + " ("
            + history.workflowType() + "): it has finished in state " + history.state());
      }
      try {
        runtime.wake(sagaId, runtime.histories().append(history, List.of(event.apply(history))));
        return;
      } catch (ConflictException e) {
        // another writer appended first: re-check the saga and try again
      }
    }
    throw OperonException.of(ErrorKind.CONCURRENCY, "Saga " + sagaId + ": gave up appending " + what
        + " after 50 conflicts").id(OperonException.Ids.SAGA, sagaId).build();
  }

  private static JsonNode checkedInput(Workflow<?, ?> workflow, Object input) {
    JsonNode tree = Json.tree(input);
    try {
      Json.value(tree, workflow.inputType());
    } catch (OperonException e) {
      throw OperonException.invalid("Input for workflow '" + workflow.type() + "' does not decode as "
          + workflow.inputType().getName() + ": " + e.getMessage());
    }
    return tree;
  }

  private static String checkedBusinessId(String businessId) {
    if (!BUSINESS_ID.matcher(businessId).matches()) {
      throw OperonException.invalid("businessId must be 1-150 letters, digits or . _ : @ -, was '"
          + businessId + "'");
    }
    return businessId;
  }

  private final class Handle implements SagaHandle<Object> {
    private final String sagaId;

    Handle(String sagaId) {
      this.sagaId = sagaId;
    }

    @Override
    public String id() {
      return sagaId;
    }

    @Override
    public Object result(Duration timeout) {
      SagaHistory h = awaitEnd(timeout);
      return switch (h.state()) {
        case COMPLETED -> Json.value(h.output().orElse(null),
            runtime.workflows().require(h.workflowType()).outputType());
        case CANCELLED -> throw OperonException.of(ErrorKind.CANCELLED, "Saga " + sagaId
                + " was cancelled or rolled back; original failure: " + h.failure().orElse(null))
            .id(OperonException.Ids.SAGA, sagaId).retryable(false).build();
        default -> throw OperonException.of(h.failure().map(SagaFailure::kind).orElse(ErrorKind.UNKNOWN),
                "Saga " + sagaId + " failed: " + h.failure().orElse(null))
            .id(OperonException.Ids.SAGA, sagaId).retryable(false).build();
      };
    }

    private SagaHistory awaitEnd(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        SagaHistory h = existing(sagaId);
        if (h.terminal()) {
          return h;
        }
        if (System.nanoTime() >= deadline) {
          throw OperonException.of(ErrorKind.TIMEOUT, "Saga " + sagaId + " did not finish within "
              + timeout + "; it is " + h.state()).id(OperonException.Ids.SAGA, sagaId).build();
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new OperonException(ErrorKind.CANCELLED, "Interrupted while waiting for saga " + sagaId, e);
        }
      }
    }
  }

  /** Builds a {@link SagaEngine}; every setting is validated by {@link #build()}. */
  public static final class Builder {
    private EventStore eventStore;
    private TaskQueue taskQueue;
    private TimerStore timerStore;
    private Clock clock = Clock.systemUTC();
    private ActivityRegistry activities = new ActivityRegistry();
    private final List<Workflow<?, ?>> workflows = new ArrayList<>();
    private String workflowQueue = "saga-workflows";
    private String activityQueue = "saga-activities";
    private int workers = 2;
    private Duration timerPoll = Duration.ofMillis(100);
    private boolean recoverOnStart = true;
    private int snapshotInterval = HistoryStore.DEFAULT_SNAPSHOT_INTERVAL;

    private Builder() {}

    /** The event store holding saga histories (required). */
    public Builder eventStore(EventStore value) {
      this.eventStore = value;
      return this;
    }

    /** The task queue carrying workflow and activity tasks (required). */
    public Builder taskQueue(TaskQueue value) {
      this.taskQueue = value;
      return this;
    }

    /** The timer store holding durable timers (required). */
    public Builder timerStore(TimerStore value) {
      this.timerStore = value;
      return this;
    }

    /** The engine's clock (default: system UTC); a manual clock in tests. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** The activities this engine's workers run. */
    public Builder activities(ActivityRegistry value) {
      this.activities = value;
      return this;
    }

    /** Registers {@code activities} in a new registry. */
    public Builder activities(Activity<?, ?>... values) {
      this.activities = ActivityRegistry.of(values);
      return this;
    }

    /** Adds workflows that can be started and run. */
    public Builder workflows(Workflow<?, ?>... values) {
      this.workflows.addAll(List.of(values));
      return this;
    }

    /** The workflow task queue (default {@code saga-workflows}). */
    public Builder workflowQueue(String value) {
      this.workflowQueue = value;
      return this;
    }

    /** The activity task queue (default {@code saga-activities}). */
    public Builder activityQueue(String value) {
      this.activityQueue = value;
      return this;
    }

    /** Worker loops per queue (default 2; 0 runs none, e.g. for a client-only engine). */
    public Builder workers(int value) {
      this.workers = value;
      return this;
    }

    /** How often the timer loop looks for due timers (default 100 ms; zero: no timer loop). */
    public Builder timerPoll(Duration value) {
      this.timerPoll = value;
      return this;
    }

    /** Whether {@link #build()} resumes every unfinished saga when the engine has workers (default true). */
    public Builder recoverOnStart(boolean value) {
      this.recoverOnStart = value;
      return this;
    }

    /** Events between history snapshots (default 100, seed 004 §9; 0 turns snapshots off). */
    public Builder snapshotInterval(int value) {
      this.snapshotInterval = value;
      return this;
    }

    /** Validates the settings, builds the engine and starts its workers. */
    public SagaEngine build() {
      require(eventStore, "eventStore");
      require(taskQueue, "taskQueue");
      require(timerStore, "timerStore");
      require(clock, "clock");
      require(activities, "activities");
      QueueNames.require(workflowQueue);
      QueueNames.require(activityQueue);
      if (snapshotInterval < 0) {
        throw OperonException.invalid("snapshotInterval must be >= 0 (0: no snapshots), was " + snapshotInterval);
      }
      if (workers < 0) {
        throw OperonException.invalid("workers must be >= 0, was " + workers);
      }
      if (timerPoll == null || timerPoll.isNegative()) {
        throw OperonException.invalid("timerPoll must be zero or positive, was " + timerPoll);
      }
      return new SagaEngine(this);
    }

    private static void require(Object value, String name) {
      if (value == null) {
        throw OperonException.invalid("SagaEngine." + name + " is required");
      }
    }
  }

}
