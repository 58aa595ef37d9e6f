package dev.operon.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a {@link Workflow} may do. Every call is recorded in the saga's history or served from it,
 * so a workflow must call these methods in the same order on every replay.
 */
public interface WorkflowContext {

  /** The id of the running saga. */
  String sagaId();

  /**
   * Runs activity {@code type} with {@code input} as the next step and returns its output. The
   * step has no compensation; use {@link #step} to name one.
   *
   * @throws ActivityFailedException if the activity failed for good (after its retries)
   */
  <I, O> O activity(Class<? extends Activity<I, O>> type, I input);

  /**
   * The next step, to be run with {@link Step#compensateWith} or {@link Step#run()}. Nothing
   * happens until one of those is called.
   */
  <I, O> Step<O> step(Class<? extends Activity<I, O>> type, I input);

  /** Pauses the saga for {@code duration} on a durable timer; no thread waits meanwhile. */
  void sleep(Duration duration);

  /**
   * Waits for the next signal {@code name} (signals sent earlier are kept) and returns its payload.
   * A signal whose payload does not fit {@code type} (unknown properties, missing record
   * components, null, another type) is recorded as rejected (SignalRejected) and skipped: the wait
   * goes on for the next one. The type is recorded with the wait, so that a signal sent while the
   * saga waits here is checked by {@code SagaEngine.signal} already.
   *
   * @throws dev.operon.error.OperonException of kind TIMEOUT if none arrives within {@code timeout}
   */
  <T> T awaitSignal(String name, Class<T> type, Duration timeout);

  /**
   * Runs {@code effect} and records its result; every replay returns the recorded result without
   * running it again. (If two workers race on one transition, both may run it; only one result is
   * recorded and used.) For small non-deterministic values (a random number, a config read),
   * not for work with effects outside the process: use an activity for that.
   */
  <T> T sideEffect(Class<T> type, Supplier<T> effect);

  /**
   * Whether this saga runs the code after patch {@code patchId}: true for sagas that reach this
   * point on code that has the patch (a MarkerRecorded event says so on every replay), false for
   * sagas whose history already went past this point on the code before it. Wrap a changed step
   * in {@code if (ctx.patched("id")) { new } else { old }} so that sagas in flight keep replaying.
   */
  boolean patched(String patchId);

  /**
   * Sets (or, with a null value, removes) search attributes of this saga, recorded as a
   * SearchAttributesUpserted event and shown by {@link SagaEngine#describe} and
   * {@link SagaEngine#list}. Values are String, Long/Integer (stored as long), Double/Float
   * (stored as double), Boolean or Instant; names are a letter or '_' followed by up to 99
   * letters, digits, '_', '.' or '-'. Anything else is a VALIDATION error thrown here.
   */
  void upsertSearchAttributes(Map<String, ?> attributes);

  /**
   * Registers (or replaces) the handler of query {@code name}: {@link SagaEngine#query} replays
   * the saga's history and calls {@code handler} on the state the replay reached, writing
   * nothing. The handler must only read workflow state; it cannot call this context.
   */
  <R> void onQuery(String name, Supplier<R> handler);

  /**
   * Registers (or replaces) the handler of update {@code name}, sent with {@link SagaEngine#update}.
   * The caller replays the saga and runs {@code validator} (null for none) on the argument against
   * the state reached: if it throws, the update is rejected with a VALIDATION error and nothing is
   * recorded. Accepted, it is recorded (UpdateAccepted) and {@code handler} runs in the workflow
   * at its next wait (activity, sleep, signal) or when the workflow pauses or ends; its result or
   * exception is recorded (UpdateCompleted) and returned to the caller. Every replay runs the
   * handler again at the same point, so it may change workflow state; it must be deterministic and
   * cannot call this context.
   */
  <A, R> void onUpdate(String name, Class<A> argType, Consumer<? super A> validator,
      Function<? super A, R> handler);

  /** The time of the history event the replay has reached: the same on every replay. */
  Instant now();

  /** A UUID that is the same on every replay of this point of the saga. */
  UUID randomUuid();

  /**
   * Runs activity {@code type} with {@code input} in this worker's process, during the workflow
   * task, and returns its output: no task queue round trip, for short work. The result is recorded
   * (LocalActivityCompleted, or LocalActivityFailed once the activity's retry policy gives up; the
   * retries run in-process, sleeping the backoff) and served from the history on every replay, so
   * a recorded local activity never runs again. It may run twice if two workers race on one
   * transition; only one result is recorded.
   *
   * @throws ActivityFailedException if the activity failed for good
   */
  <I, O> O localActivity(Class<? extends Activity<I, O>> type, I input);

  /**
   * A local activity (see {@link #localActivity}) as a step: name its compensation with
   * {@link Step#compensateWith}, which then runs as an ordinary (queued) activity if the saga rolls
   * back.
   */
  <I, O> Step<O> localStep(Class<? extends Activity<I, O>> type, I input);

  /**
   * Records a MarkerRecorded event named {@code name} with {@code details} (any JSON-encodable
   * value, or null) at this point of the saga, for audits and debugging. A replay checks that the
   * code records the same marker name at the same point.
   */
  void marker(String name, Object details);

  /**
   * Starts workflow {@code type} as a child saga with {@code input} and the default options (a
   * generated child id, parent-close policy TERMINATE) and returns its result. The parent pauses,
   * holding no thread, until the child finishes; see {@link #childWorkflow(Class, Object,
   * ChildWorkflowOptions)}.
   *
   * @throws ChildWorkflowFailedException if the child did not complete
   */
  <I, O> O childWorkflow(Class<? extends Workflow<I, O>> type, I input);

  /**
   * Starts workflow {@code type} (registered on this engine) as a child saga with {@code input} and
   * returns its result once it completes. The child's history links to the parent
   * ({@code parent_saga_id}, {@code parent_activity_id} in its WorkflowExecutionStarted) and the
   * parent's ChildWorkflowStarted names the child ({@code child_saga_id}). If the parent closes
   * while the child runs, {@link ChildWorkflowOptions#parentClosePolicy()} is applied to it.
   *
   * @throws ChildWorkflowFailedException if the child failed, was rolled back, cancelled,
   *     terminated or timed out, or could not be started (its id is taken by another saga)
   * @throws dev.operon.error.OperonException of kind VALIDATION, with nothing recorded, if
   *     {@code input} does not fit the child's input type (as for {@code SagaEngine.start})
   */
  <I, O> O childWorkflow(Class<? extends Workflow<I, O>> type, I input, ChildWorkflowOptions options);

  /**
   * Ends this run of the saga and starts a fresh one of the same workflow with {@code input} and an
   * empty history; never returns. The run ends Completed with a WorkflowExecutionContinuedAsNew
   * event naming the new run's saga id ({@code continued_as}); the new run's
   * WorkflowExecutionStarted names this one ({@code continued_from}). Results, signals and cancels
   * sent to the first run's id follow the chain to the newest run. Compensations of steps done
   * before the call are not carried over, and the parent-close policies of unfinished children
   * apply. Use it to keep the history of a long-running saga short. An {@code input} that does not
   * fit the workflow's input type (as for {@code SagaEngine.start}) fails the saga with VALIDATION.
   */
  void continueAsNew(Object input);
}
