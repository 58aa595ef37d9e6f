package dev.operon.saga.testing;

import dev.operon.codec.Codec;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.inmemory.InMemoryTaskQueue;
import dev.operon.inmemory.InMemoryTimerStore;
import dev.operon.queue.Task;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityRegistry;
import dev.operon.saga.CompensationFailurePolicy;
import dev.operon.saga.SagaDescription;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaEngineBuilder;
import dev.operon.saga.SagaHandle;
import dev.operon.saga.Workflow;
import dev.operon.saga.internal.SagaMetrics;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.Transitions;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.worker.ActivityTaskMessage;
import dev.operon.saga.internal.worker.ActivityTaskProcessor;
import dev.operon.saga.internal.worker.WorkflowTaskMessage;
import dev.operon.saga.internal.worker.WorkflowTaskProcessor;
import dev.operon.spi.BackendOptions;
import dev.operon.timer.TimerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A saga engine for unit tests: in-memory ports, a clock that moves only when the test calls
 * {@link #advance(Duration)}, and no background threads. Every call ({@link #start}, {@link
 * #signal}, {@link #cancel}, {@link #retryCompensation}, {@link #advance}) runs the engine until
 * no task is left, so when it returns the sagas are as far as they can get without more time
 * passing or more signals. A saga that sleeps an hour and waits a day for a signal finishes in
 * milliseconds:
 *
 * <pre>{@code
 * try (SagaTestEnvironment env = SagaTestEnvironment.builder()
 *     .workflows(new OrderSaga())
 *     .activities(new ReserveInventory(), new ReleaseInventory(), new ShipOrder())
 *     .mock(ChargePayment.class, (ctx, in) -> new Payment("t-test"))
 *     .build()) {
 *   SagaHandle<OrderResult> order = env.start(OrderSaga.class, new OrderInput("o-1", 100));
 *   env.advance(Duration.ofHours(1));                  // fires the one-hour sleep
 *   env.signal(order.id(), "approve", new Approval(true, "alice"));
 *   assertEquals("t-test", env.result(order).txnId());
 * }
 * }</pre>
 *
 * <p>Not thread-safe: drive it from the test's thread.
 */
public final class SagaTestEnvironment implements AutoCloseable {
  /** Where the clock starts unless {@link Builder#startAt(Instant)} says otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

  private static final Logger LOG = LoggerFactory.getLogger(SagaTestEnvironment.class);
  private static final String WORKFLOW_QUEUE = "saga-workflows";
  private static final String ACTIVITY_QUEUE = "saga-activities";
  private static final int BATCH = 100;
  /** A saga that needs more tasks than this without the clock moving is taken to loop for ever. */
  private static final int MAX_TASKS_PER_RUN = 100_000;
  private static final Codec CODEC = Codec.json();

  private final ManualClock clock;
  private final DelayedTaskLog queue;
  private final TimerStore timers;
  private final SagaEngine engine;
  private final WorkflowTaskProcessor workflowTasks;
  private final ActivityTaskProcessor activityTasks;

  private SagaTestEnvironment(Builder b) {
    this.clock = new ManualClock(b.start);
    BackendOptions options = BackendOptions.defaults().withClock(clock);
    InMemoryEventStore events = new InMemoryEventStore(options);
    this.queue = new DelayedTaskLog(new InMemoryTaskQueue(options), clock);
    this.timers = new InMemoryTimerStore(options);
    ActivityRegistry activities = b.registry();
    this.engine = SagaEngine.builder()
        .eventStore(events).taskQueue(queue).timerStore(timers).clock(clock)
        .activities(activities).workflows(b.workflows.toArray(Workflow<?, ?>[]::new))
        .workflowQueue(WORKFLOW_QUEUE).activityQueue(ACTIVITY_QUEUE)
        .workers(0).timerPoll(Duration.ZERO).recoverOnStart(false).compensationFailure(b.compensationFailure)
        .build();
    WorkflowRegistry workflows = new WorkflowRegistry();
    b.workflows.forEach(workflows::register);
    SagaRuntime runtime = new SagaRuntime(new HistoryStore(events), queue, timers, clock, activities, workflows,
        WORKFLOW_QUEUE, ACTIVITY_QUEUE, Transitions.direct(), SagaRuntime.DEFAULT_ATTEMPT_LEASE, SagaMetrics.none(),
        b.compensationFailure);
    this.workflowTasks = new WorkflowTaskProcessor(runtime);
    this.activityTasks = new ActivityTaskProcessor(runtime);
  }

  /** A builder: register the workflows and activities under test, and any activity mocks. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts {@code workflow} with {@code input} and runs it as far as it goes now. */
  public <I, O> SagaHandle<O> start(Class<? extends Workflow<I, O>> workflow, I input) {
    return start(workflow, input, null);
  }

  /** Starts {@code workflow} idempotently per {@code businessId} (may be null) and runs it as far as it goes now. */
  public <I, O> SagaHandle<O> start(Class<? extends Workflow<I, O>> workflow, I input, String businessId) {
    SagaHandle<O> handle = engine.start(workflow, input, businessId);
    runUntilIdle();
    return handle;
  }

  /** Sends signal {@code name} to saga {@code sagaId} and runs the engine until it is idle. */
  public void signal(String sagaId, String name, Object payload) {
    engine.signal(sagaId, name, payload);
    runUntilIdle();
  }

  /** Asks saga {@code sagaId} to stop (see {@link SagaEngine#cancel}) and runs its compensations. */
  public boolean cancel(String sagaId) {
    boolean asked = engine.cancel(sagaId);
    runUntilIdle();
    return asked;
  }

  /**
   * Runs the failed rollback of saga {@code sagaId} again (see {@link SagaEngine#retryCompensation})
   * and runs the engine until it is idle.
   */
  public void retryCompensation(String sagaId) {
    engine.retryCompensation(sagaId);
    runUntilIdle();
  }

  /**
   * Moves the clock forward by {@code span}, stopping at every moment within it at which a timer
   * (sleep, signal timeout, workflow or activity timeout) falls due or a delayed activity retry
   * becomes ready, in time order; at each stop it fires what is due and runs the engine until it
   * is idle. Afterwards the clock reads exactly {@code span} later than before.
   */
  public void advance(Duration span) {
    if (span == null || span.isNegative()) {
      throw OperonException.invalid("advance needs a zero or positive duration, was " + span);
    }
    Instant target = clock.instant().plus(span);
    runUntilIdle();
    Optional<Instant> next;
    while ((next = nextDue()).isPresent() && !next.get().isAfter(target)) {
      if (next.get().isAfter(clock.instant())) {
        clock.set(next.get());
      }
      int fired = engine.fireDueTimers();
      LOG.debug("At {}: fired {} timers", clock.instant(), fired);
      runUntilIdle();
    }
    clock.set(target);
  }

  /** The environment's clock reading. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * The result of a finished saga.
   *
   * @throws OperonException of kind TIMEOUT if the saga has not finished (it waits for time to pass
   *     or for a signal); otherwise as {@link SagaHandle#result(Duration)}
   */
  public <O> O result(SagaHandle<O> handle) {
    SagaDescription d = engine.describe(handle.id());
    if (!d.terminal()) {
      throw OperonException.of(ErrorKind.TIMEOUT, "Saga " + handle.id() + " has not finished at " + now()
              + ": it is " + d.state() + " (pending steps " + d.pendingSteps()
              + "); advance the clock or signal it")
          .id(OperonException.Ids.SAGA, handle.id()).build();
    }
    return handle.result(Duration.ZERO);
  }

  /** The saga's state, history, pending steps, planned compensations and failure. */
  public SagaDescription describe(String sagaId) {
    return engine.describe(sagaId);
  }

  /** The engine underneath, e.g. for {@link SagaEngine#verifyReplay(String)}. */
  public SagaEngine engine() {
    return engine;
  }

  @Override
  public void close() {
    engine.close();
    activityTasks.close();
  }

  private Optional<Instant> nextDue() {
    return Stream.of(timers.nextDue(), queue.nextReady())
        .flatMap(Optional::stream)
        .min(Instant::compareTo);
  }

  /** Handles workflow and activity tasks until none is ready at the current time. */
  private void runUntilIdle() {
    int handled = 0;
    while (true) {
      List<Task> tasks = new ArrayList<>(queue.fetch(WORKFLOW_QUEUE, BATCH, Duration.ZERO));
      tasks.addAll(queue.fetch(ACTIVITY_QUEUE, BATCH, Duration.ZERO));
      if (tasks.isEmpty()) {
        return;
      }
      tasks.forEach(this::handle);
      handled += tasks.size();
      if (handled > MAX_TASKS_PER_RUN) {
        throw OperonException.of(ErrorKind.WORKFLOW_EXECUTION, "The sagas did not settle after "
            + handled + " tasks at " + now() + ": does a workflow loop without waiting on a timer or signal?")
            .build();
      }
    }
  }

  /**
   * Runs one task. Unlike a worker, which retries a failing task later, the environment sends it to
   * the dead-letter queue and throws, so that a broken workflow (non-determinism, an activity that
   * is not registered) fails the test at once.
   */
  private void handle(Task task) {
    try {
      if (WORKFLOW_QUEUE.equals(task.queue())) {
        workflowTasks.process(CODEC.decode(task.payload(), WorkflowTaskMessage.class).sagaId());
      } else {
        activityTasks.process(CODEC.decode(task.payload(), ActivityTaskMessage.class));
      }
      queue.ack(task);
    } catch (RuntimeException e) {
      queue.terminate(task, String.valueOf(e.getMessage()));
      throw e;
    }
  }

  /** Builds a {@link SagaTestEnvironment}. */
  public static final class Builder {
    private final List<Workflow<?, ?>> workflows = new ArrayList<>();
    private final List<Activity<?, ?>> activities = new ArrayList<>();
    private final Map<Class<?>, ActivityMock<?, ?>> mocks = new LinkedHashMap<>();
    private Instant start = DEFAULT_START;
    private CompensationFailurePolicy compensationFailure = CompensationFailurePolicy.STOP;

    private Builder() {}

    /** Adds the workflows the test starts. */
    public Builder workflows(Workflow<?, ?>... values) {
      workflows.addAll(List.of(values));
      return this;
    }

    /** Adds the activities the workflows call (and their compensations). */
    public Builder activities(Activity<?, ?>... values) {
      activities.addAll(List.of(values));
      return this;
    }

    /**
     * Replaces activity class {@code type} with {@code mock}: workflows that call {@code type} run
     * the lambda instead. If an instance of {@code type} was added with {@link #activities}, the
     * mock keeps its type id and options (timeout, retries); otherwise the type id follows the
     * default rule and the options are the defaults. A second mock of one class is a VALIDATION
     * error.
     */
    public <I, O, A extends Activity<I, O>> Builder mock(Class<A> type, ActivityMock<I, O> mock) {
      if (type == null || mock == null) {
        throw OperonException.invalid("mock needs an activity class and a lambda, was " + type + ", " + mock);
      }
      if (mocks.putIfAbsent(type, mock) != null) {
        throw OperonException.invalid("Activity " + type.getName() + " is mocked twice");
      }
      return this;
    }

    /** Where the clock starts (default {@link #DEFAULT_START}). */
    public Builder startAt(Instant value) {
      if (value == null) {
        throw OperonException.invalid("startAt needs an instant");
      }
      this.start = value;
      return this;
    }

    /** What a rollback does when a compensation fails for good (see {@link SagaEngineBuilder#compensationFailure}). */
    public Builder compensationFailure(CompensationFailurePolicy value) {
      if (value == null) {
        throw OperonException.invalid("compensationFailure needs a policy");
      }
      this.compensationFailure = value;
      return this;
    }

    /** Builds the environment. */
    public SagaTestEnvironment build() {
      return new SagaTestEnvironment(this);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ActivityRegistry registry() {
      ActivityRegistry registry = new ActivityRegistry();
      for (Activity<?, ?> activity : activities) {
        if (!mocks.containsKey(activity.getClass())) {
          registry.register(activity);
        }
      }
      mocks.forEach((type, mock) -> {
        Optional<Activity<?, ?>> real = activities.stream().filter(a -> a.getClass() == type).findFirst();
        Activity<?, ?> stand = real.<Activity<?, ?>>map(a -> MockActivity.replacing((Activity) a, (ActivityMock) mock))
            .orElseGet(() -> MockActivity.of(type, (ActivityMock) mock));
        registry.register(type, stand);
      });
      return registry;
    }
  }
}
