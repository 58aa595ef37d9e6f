package dev.operon.saga;

import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.notify.Subscription;
import dev.operon.saga.internal.SagaMetrics;
import dev.operon.saga.internal.observe.SagaObserver;
import dev.operon.saga.internal.observe.TrackedSagas;
import dev.operon.saga.internal.SagaRecovery;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.Transitions;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.client.CompensationRetry;
import dev.operon.saga.internal.client.SagaClient;
import dev.operon.saga.internal.client.WorkflowQueries;
import dev.operon.saga.internal.client.WorkflowUpdates;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.watchdog.SagaSupervisor;
import dev.operon.saga.internal.worker.ActivityTaskProcessor;
import dev.operon.saga.internal.worker.SagaWorker;
import dev.operon.saga.internal.worker.TimerFiring;
import dev.operon.saga.internal.worker.WorkflowTaskProcessor;
import java.time.Duration;
import java.util.List;

/**
 * The saga engine: starts sagas, signals and cancels them, describes them, and runs the workers
 * that move them forward. Build one with {@link #builder()}; close it to stop its workers.
 */
public final class SagaEngine implements AutoCloseable {
  /** How long {@link #update(String, String, Object, Class)} waits for the update's result. */
  public static final Duration DEFAULT_UPDATE_TIMEOUT = Duration.ofSeconds(30);

  private final SagaRuntime runtime;
  private final int workers;
  private final java.time.Duration timerPoll;
  private final boolean recoverOnStart;
  private boolean workersStarted;
  private final SagaClient client;
  private final CompensationRetry compensations;
  private final WorkflowTaskProcessor workflowTasks;
  private final ActivityTaskProcessor activityTasks;
  private final TimerFiring timers;
  private final SagaRecovery recovery;
  private final SagaWorker worker;
  private final WorkflowQueries queries;
  private final WorkflowUpdates updates;
  private final SagaSupervisor supervisor;
  private final Subscription endsAnnounced;

  SagaEngine(SagaEngineBuilder b) {
    WorkflowRegistry workflows = new WorkflowRegistry();
    b.workflows.forEach(workflows::register);
    String engineId = "saga-engine-" + new IdGenerator(b.clock).next();
    this.runtime = new SagaRuntime(new HistoryStore(b.eventStore, b.snapshotInterval, b.resolvedVisibility(),
        b.transactor), b.taskQueue,
        b.timerStore, b.clock, b.activities, workflows, b.workflowQueue, b.activityQueue,
        new Transitions(b.transactor, b.taskQueue), b.attemptLease, new SagaMetrics(b.telemetry != null ? b.telemetry
            : dev.operon.tracking.Telemetry.of(b.meterRegistry, io.opentelemetry.api.OpenTelemetry.noop()),
            b.tracker, engineId),
        b.compensationFailure);
    runtime.histories().observe(b.tracker == null ? runtime.metrics()
        : SagaObserver.both(new TrackedSagas(b.tracker, b.trackSteps), runtime.metrics()));
    runtime.metrics().watchQueue(b.taskQueue, b.workflowQueue);
    runtime.metrics().watchQueue(b.taskQueue, b.activityQueue);
    this.workflowTasks = new WorkflowTaskProcessor(runtime);
    this.activityTasks = new ActivityTaskProcessor(runtime, workflowTasks, b.localContinuation);
    this.recovery = new SagaRecovery(runtime, activityTasks::recordLost);
    this.timers = new TimerFiring(runtime, engineId, activityTasks,
        this::fireSchedule);
    this.supervisor = new SagaSupervisor(runtime, new SagaClient(runtime, b.codeVersion), recovery, b.eventStore,
        () -> runtime.histories().visibility().allOpen(500), timers, b.reconcileInterval, b.watchdog);
    this.worker = new SagaWorker(runtime, workflowTasks, activityTasks, timers, b.localContinuation,
        supervisor.watchdog()::paused);
    if (b.notifier != null) {
      b.taskQueue.wakeUpsVia(b.notifier);
    }
    this.endsAnnounced = b.notifier == null ? () -> {} : runtime.histories().announceEndsOn(b.notifier);
    // An engine that runs workflow tasks decides a new saga's first step at start; a client-only
    // engine leaves every decision to the workers.
    this.client = b.localContinuation && b.workers > 0
        ? new SagaClient(runtime, workflowTasks, worker::offer, b.codeVersion)
        : new SagaClient(runtime, b.codeVersion);
    this.compensations = new CompensationRetry(runtime, client);
    this.queries = new WorkflowQueries(runtime, client);
    this.updates = new WorkflowUpdates(runtime, client, queries);
    this.workers = b.workers;
    this.timerPoll = b.timerPoll;
    this.recoverOnStart = b.recoverOnStart;
    if (b.startWorkers) {
      startWorkers();
    }
  }

  /**
   * Starts the engine's loops: recovery (if {@link SagaEngineBuilder#recoverOnStart}), the worker
   * loops, the timer loop and the supervisor. {@link SagaEngineBuilder#build()} calls it unless
   * {@link SagaEngineBuilder#startWorkers(boolean)} said not to (a framework that starts the engine
   * once the application is up); calling it again does nothing. A client-only engine (no workers)
   * runs no loop at all.
   */
  public synchronized void startWorkers() {
    if (workersStarted || workers == 0) {
      return;
    }
    workersStarted = true;
    if (recoverOnStart) {
      recovery.resumeAll();
    }
    worker.start(workers, timerPoll);
    supervisor.start();
  }

  /** Fires a cron schedule's timer (the supervisor owns the schedules). */
  private void fireSchedule(dev.operon.timer.Timer timer) {
    supervisor.scheduler().fire(timer);
  }

  /** A builder; the event store, task queue and timer store are required. */
  public static SagaEngineBuilder builder() {
    return new SagaEngineBuilder();
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
   * Starts the workflow registered as {@code workflowType} with {@code input}. With a business id
   * (may be null), the saga's id is that business id; starting it again with the same workflow
   * type and an equal input (compared as JSON) returns the existing saga, with another type or
   * input it is a VALIDATION error naming the business id and both inputs.
   *
   * <p>{@code input} must fit the workflow's input type: an instance of it; or a JSON-like value
   * (JsonNode, Map, Collection, array, String, Number, Boolean) that decodes as it strictly, without
   * unknown properties, missing record components or creator properties, nulls for primitives or
   * scalars of another JSON type; null only if the type is {@code Void}. Anything else, and unknown
   * types, are VALIDATION errors naming the workflow and the field, and nothing is stored.
   */
  public SagaHandle<Object> start(String workflowType, Object input, String businessId) {
    return handle(client.start(workflowType, input, businessId));
  }

  /** Whether a saga was started with id {@code sagaId} (the id or business id {@code start} returned). */
  public boolean exists(String sagaId) {
    return client.exists(sagaId);
  }

  /** A handle on an existing saga; its result decodes as the workflow's result type. */
  public SagaHandle<Object> handle(String sagaId) {
    return new SagaHandle<>() {
      @Override
      public String id() {
        return sagaId;
      }

      @Override
      public Object result(Duration timeout) {
        return client.result(sagaId, timeout);
      }
    };
  }

  /**
   * Delivers signal {@code name} with {@code payload} to saga {@code sagaId}. A VALIDATION error if
   * the saga does not exist or has finished, or if it waits for this signal now
   * ({@link WorkflowContext#awaitSignal}) and the payload does not fit the type it waits for (the
   * rules of {@link #start(String, Object, String)}); nothing is appended then. A payload that can
   * only be checked once the saga reads it is recorded, and rejected by the saga if it does not fit.
   */
  public void signal(String sagaId, String name, Object payload) {
    client.signal(sagaId, name, payload);
  }

  /**
   * Asks saga {@code sagaId} to stop: the compensations of its completed steps run (newest first)
   * and it ends Cancelled. A VALIDATION error if the saga does not exist; returns false (and
   * changes nothing) if it has already finished or was already asked to stop.
   */
  public boolean cancel(String sagaId) {
    return client.cancel(sagaId);
  }

  /**
   * The saga's state, history, pending steps, planned compensations, failure, search attributes
   * and its rollback's compensations (see {@link SagaDescription}).
   */
  public SagaDescription describe(String sagaId) {
    return client.describe(sagaId);
  }

  /**
   * Runs the failed rollback of saga {@code sagaId} again, once the system its failed compensation
   * calls is fixed: the compensations that failed run again (each under a new activity id, with
   * fresh attempts, keeping its {@link ActivityContext#idempotencyKey() idempotency key}), then
   * those still owed, newest step first as before. The saga moves Failed -> Compensating and ends
   * Cancelled when all succeed (keeping the original failure), or Failed again, naming the new
   * failure ({@link CompensationFailedException} from {@link SagaHandle#result}). On a chain of runs
   * (continue-as-new) it acts on the newest run.
   *
   * @throws OperonException of kind VALIDATION, with nothing recorded, if the saga is unknown or its
   *     rollback did not fail (it is running, compensating, completed, cancelled, or failed with
   *     nothing to roll back)
   */
  public void retryCompensation(String sagaId) {
    compensations.retry(sagaId);
  }

  /**
   * Sends update {@code name} with {@code arg} to saga {@code sagaId} and waits up to
   * {@link #DEFAULT_UPDATE_TIMEOUT} for its result; see
   * {@link #update(String, String, Object, Class, Duration)}.
   */
  public <R> R update(String sagaId, String name, Object arg, Class<R> resultType) {
    return update(sagaId, name, arg, resultType, DEFAULT_UPDATE_TIMEOUT);
  }

  /**
   * Sends update {@code name} with {@code arg} to saga {@code sagaId} (see
   * {@link WorkflowContext#onUpdate}) and waits up to {@code timeout} for its result, decoded as
   * {@code resultType}. This engine must have the saga's workflow (and its activities) registered:
   * the validator runs here, against the saga's replayed state.
   *
   * @throws OperonException of kind VALIDATION, with nothing recorded, if the saga is unknown, not
   *     running or paused, has no handler {@code name}, or the argument does not fit the handler's
   *     type (the rules of {@link #start(String, Object, String)}) or the validator rejects it; of
   *     the handler's error kind if the handler threw; of kind TIMEOUT if the result is not there
   *     in time (the accepted update still runs)
   */
  public <R> R update(String sagaId, String name, Object arg, Class<R> resultType, Duration timeout) {
    return updates.update(sagaId, name, arg, resultType, timeout);
  }

  /**
   * Asks saga {@code sagaId} query {@code name} (see {@link WorkflowContext#onQuery}): replays its
   * history against the registered code, writing nothing, and returns the handler's answer
   * decoded as {@code resultType}. Works on finished sagas too.
   *
   * @throws OperonException of kind VALIDATION if the saga is unknown, its workflow is not
   *     registered on this engine, or the code registered no query {@code name}
   */
  public <R> R query(String sagaId, String name, Class<R> resultType) {
    return queries.query(sagaId, name, resultType);
  }

  /**
   * One page of the sagas {@code query} matches, oldest start first, with keyset pagination (pass
   * {@link SagaPage#nextPageToken()} to {@link SagaQuery#pageToken}). Answered from the visibility
   * store (a table of the store's database), which every append updates in its own transaction: a
   * saga shows as soon as its start has committed.
   */
  public SagaPage list(SagaQuery query) {
    return runtime.histories().visibility().list(java.util.Objects.requireNonNull(query, "query"));
  }

  /**
   * Replays saga {@code sagaId}'s history against the registered code without writing anything.
   *
   * @throws OperonException of kind REPLAY naming the saga, the event id and what differed
   */
  public void verifyReplay(String sagaId) {
    workflowTasks.verify(client.existing(sagaId));
  }

  /**
   * Resumes every unfinished saga from its history: re-creates its open timers, runs again its
   * pending activity attempts that no live timer stands for (recorded as having lost their worker)
   * and wakes it. An attempt of a saga that moved less than two seconds ago is left alone: it may
   * run kept in a live process that has not written its lease timer yet (the reconciler takes it
   * once the saga is quiet). {@link SagaEngineBuilder#build()} does this when the engine has
   * workers, unless {@link SagaEngineBuilder#recoverOnStart(boolean)} says not to. Returns how
   * many sagas were unfinished.
   */
  public int recover() {
    return recovery.resumeAll();
  }

  /** Fires the timers due by the engine's clock now (the background loop does this too, if on). */
  public int fireDueTimers() {
    return timers.fireDue(1000);
  }

  /**
   * Starts workflow {@code workflowType} with {@code input} at every time the cron expression
   * {@code cron} matches (Unix syntax: minute hour day-of-month month day-of-week, in UTC; e.g.
   * {@code "0 2 * * *"} every day at 02:00). Each firing starts one saga whose id is
   * {@link SagaSchedule#sagaIdOf(String, java.time.Instant) scheduleId@fireTime}, however many
   * engines run. Scheduling an existing id with other settings replaces it; with the same settings
   * it changes nothing. Firings missed while no engine ran collapse into one.
   *
   * @throws OperonException of kind VALIDATION for a bad id ({@code [A-Za-z0-9._:-]}, 1-100),
   *     a bad cron expression, an unknown workflow type or an input that does not fit the workflow's
   *     input type (the rules of {@link #start(String, Object, String)}); nothing is stored then
   */
  public SagaSchedule schedule(String scheduleId, String cron, String workflowType, Object input) {
    return supervisor.scheduler().schedule(scheduleId, cron, workflowType, input);
  }

  /** Removes schedule {@code scheduleId} and cancels its next firing; false if there was none. */
  public boolean unschedule(String scheduleId) {
    return supervisor.scheduler().unschedule(scheduleId);
  }

  /** The schedules in force, with their next firing. */
  public List<SagaSchedule> schedules() {
    return supervisor.scheduler().schedules();
  }

  /**
   * One reconciler pass (the background loop runs it every
   * {@link SagaEngineBuilder#reconcileInterval(Duration)}): for every unfinished saga quiet for
   * that long, re-creates missing timers, re-publishes pending activity attempts that have no live
   * timer and wakes sagas waiting on nothing; re-arms schedules. Returns how many sagas it repaired.
   */
  public int reconcile() {
    return supervisor.reconciler().reconcile();
  }

  /**
   * The watchdog: its findings (stalled and deadlocked sagas, unhealthy ports, queue backlogs),
   * one round on demand, and its circuit breaker's state. See {@link WatchdogSettings}.
   */
  public SagaWatchdog watchdog() {
    return supervisor.watchdog();
  }

  /**
   * The engine's two queues, workflow tasks then activity tasks, each with its depth, the age of
   * its oldest task and its dead-letter count, read now.
   */
  public java.util.Map<String, dev.operon.queue.QueueStats> queues() {
    java.util.Map<String, dev.operon.queue.QueueStats> stats = new java.util.LinkedHashMap<>();
    for (String queue : java.util.List.of(runtime.workflowQueue(), runtime.activityQueue())) {
      stats.put(queue, runtime.queue().stats(queue));
    }
    return stats;
  }

  /**
   * Up to {@code limit} (1..1000) dead letters of {@code queue}, one of {@link #queues()}, oldest
   * first: tasks given up after their deliveries ran out. A VALIDATION error for another queue.
   */
  public java.util.List<dev.operon.queue.DeadLetter> deadLetters(String queue, int limit) {
    if (!queues().containsKey(queue)) {
      throw dev.operon.error.OperonException.invalid("'" + queue + "' is not a queue of this engine: its queues are "
          + java.util.List.of(runtime.workflowQueue(), runtime.activityQueue()));
    }
    if (limit < 1 || limit > 1_000) {
      throw dev.operon.error.OperonException.invalid("limit must be within 1..1000, was " + limit);
    }
    return runtime.queue().deadLetters(queue, limit);
  }

  /** Stops the workers. The ports stay open: their owner closes them. */
  @Override
  public void close() {
    endsAnnounced.close();
    supervisor.close();
    worker.close();
    activityTasks.close();
    runtime.metrics().close();
  }
}
