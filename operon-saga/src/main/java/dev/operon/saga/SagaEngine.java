package dev.operon.saga;

import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.saga.internal.ActivityTaskProcessor;
import dev.operon.saga.internal.HistoryStore;
import dev.operon.saga.internal.SagaClient;
import dev.operon.saga.internal.SagaHistory;
import dev.operon.saga.internal.SagaRecovery;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.SagaWorker;
import dev.operon.saga.internal.ScheduledStep;
import dev.operon.saga.internal.TimerFiring;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.WorkflowTaskProcessor;
import java.time.Duration;
import java.util.List;

/**
 * The saga engine: starts sagas, signals and cancels them, describes them, and runs the workers
 * that move them forward. Build one with {@link #builder()}; close it to stop its workers.
 */
public final class SagaEngine implements AutoCloseable {
  private final SagaRuntime runtime;
  private final SagaClient client;
  private final WorkflowTaskProcessor workflowTasks;
  private final ActivityTaskProcessor activityTasks;
  private final TimerFiring timers;
  private final SagaRecovery recovery;
  private final SagaWorker worker;

  SagaEngine(SagaEngineBuilder b) {
    WorkflowRegistry workflows = new WorkflowRegistry();
    b.workflows.forEach(workflows::register);
    this.runtime = new SagaRuntime(new HistoryStore(b.eventStore, b.snapshotInterval), b.taskQueue,
        b.timerStore, b.clock, b.activities, workflows, b.workflowQueue, b.activityQueue);
    this.workflowTasks = new WorkflowTaskProcessor(runtime);
    this.activityTasks = new ActivityTaskProcessor(runtime, workflowTasks, b.localContinuation);
    this.timers = new TimerFiring(runtime, "saga-timers-" + new IdGenerator(b.clock).next(), activityTasks);
    this.recovery = new SagaRecovery(runtime);
    this.worker = new SagaWorker(runtime, workflowTasks, activityTasks, timers, b.localContinuation);
    // An engine that runs workflow tasks decides a new saga's first step at start; a client-only
    // engine leaves every decision to the workers.
    this.client = b.localContinuation && b.workers > 0
        ? new SagaClient(runtime, workflowTasks, worker::offer)
        : new SagaClient(runtime);
    if (b.recoverOnStart && b.workers > 0) {
      recovery.resumeAll();
    }
    worker.start(b.workers, b.timerPoll);
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
   * (may be null), the saga's id is that business id and starting it again returns the existing
   * saga. Unknown types and inputs that do not decode as the workflow's input type are VALIDATION
   * errors, and nothing is stored.
   */
  public SagaHandle<Object> start(String workflowType, Object input, String businessId) {
    return handle(client.start(workflowType, input, businessId));
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
   * the saga does not exist or has finished; nothing is appended then.
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

  /** The saga's state, history, pending steps, planned compensations and failure. */
  public SagaDescription describe(String sagaId) {
    SagaHistory h = client.existing(sagaId);
    List<String> planned = h.terminal() ? List.of()
        : h.compensationPlan().stream().map(ScheduledStep::activityType).toList();
    return new SagaDescription(sagaId, h.workflowType(), h.state(), h.events(), h.pendingActivities(),
        planned, h.failure());
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
   * Resumes every unfinished saga from its history: re-creates its open timers, re-publishes its
   * pending activity attempts and wakes it. {@link SagaEngineBuilder#build()} does this when the
   * engine has workers, unless {@link SagaEngineBuilder#recoverOnStart(boolean)} says not to.
   * Returns how many sagas were unfinished.
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
}
