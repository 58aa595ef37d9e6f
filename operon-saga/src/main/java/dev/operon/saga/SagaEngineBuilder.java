package dev.operon.saga;

import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.notify.ChangeNotifier;
import dev.operon.queue.QueueNames;
import dev.operon.queue.TaskQueue;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.spi.Ports;
import dev.operon.spi.Transactor;
import dev.operon.timer.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link SagaEngine}; every setting is validated by {@link #build()}. */
public final class SagaEngineBuilder {
  EventStore eventStore;
  TaskQueue taskQueue;
  TimerStore timerStore;
  Clock clock = Clock.systemUTC();
  ActivityRegistry activities = new ActivityRegistry();
  final List<Workflow<?, ?>> workflows = new ArrayList<>();
  String workflowQueue = "saga-workflows";
  String activityQueue = "saga-activities";
  boolean startWorkers = true;
  int workers = 2;
  Duration timerPoll = Duration.ofMillis(100);
  boolean recoverOnStart = true;
  int snapshotInterval = HistoryStore.DEFAULT_SNAPSHOT_INTERVAL;
  boolean localContinuation = true;
  dev.operon.saga.internal.visibility.SagaVisibility visibility;
  String codeVersion;
  Duration reconcileInterval = Duration.ofSeconds(30);
  WatchdogSettings watchdog = WatchdogSettings.DEFAULT;
  Transactor transactor = Transactor.direct();
  ChangeNotifier notifier;
  Duration attemptLease = dev.operon.saga.internal.SagaRuntime.DEFAULT_ATTEMPT_LEASE;
  io.micrometer.core.instrument.MeterRegistry meterRegistry = io.micrometer.core.instrument.Metrics.globalRegistry;
  CompensationFailurePolicy compensationFailure = CompensationFailurePolicy.STOP;
  dev.operon.tracking.Telemetry telemetry;
  dev.operon.tracking.OperationTracker tracker;
  boolean trackSteps = true;

  private static final java.util.regex.Pattern CODE_VERSION = java.util.regex.Pattern.compile("[A-Za-z0-9._+-]{1,64}");

  SagaEngineBuilder() {}

  /**
   * Takes the event store, the timer store, the task queue and the unit of work from one backend
   * (e.g. {@code Backends.open("sqlite:./operon-data/operon.db")}), so that each transition is one
   * transaction where the backend has them. To take tasks from another backend (NATS JetStream),
   * set {@link #taskQueue} after this; its publishes then follow each commit. The engine does not
   * close the backend: its owner does, after the engine.
   */
  public SagaEngineBuilder backend(dev.operon.spi.Backend value) {
    require(value, "backend");
    ports(value.ports());
    this.visibility = dev.operon.saga.internal.visibility.SagaVisibilities.of(value);
    return this;
  }

  /**
   * Takes the event store, task queue, timer store, notifier and transactor from {@code value}
   * (see {@link Ports}); the visibility store is the one that goes with its event store.
   */
  public SagaEngineBuilder ports(Ports value) {
    require(value, "ports");
    this.eventStore = value.eventStore();
    this.timerStore = value.timerStore();
    this.taskQueue = value.taskQueue();
    this.transactor = value.transactor();
    this.notifier = value.notifier();
    return this;
  }

  /**
   * The notifier through which engines in other processes hear of what this one did (default:
   * the one of {@link #backend}/{@link #ports}, else none): a waiter for a saga's result wakes when
   * any engine records its end, and workers fetching from a polling task queue wake when another
   * engine publishes to it. Without one, engines find each other's work by polling only.
   */
  public SagaEngineBuilder notifier(ChangeNotifier value) {
    this.notifier = value;
    return this;
  }

  /**
   * The visibility store (tests give the one of the backend whose ports they wrap); by default that
   * of {@link #backend}, or the one that goes with the event store.
   */
  SagaEngineBuilder visibility(dev.operon.saga.internal.visibility.SagaVisibility value) {
    this.visibility = value;
    return this;
  }

  /** The visibility store the engine writes and lists. */
  dev.operon.saga.internal.visibility.SagaVisibility resolvedVisibility() {
    return visibility != null ? visibility : dev.operon.saga.internal.visibility.SagaVisibilities.forEventStore(eventStore);
  }

  /** The event store holding saga histories (required). */
  public SagaEngineBuilder eventStore(EventStore value) {
    this.eventStore = value;
    return this;
  }

  /** The task queue carrying workflow and activity tasks (required). */
  public SagaEngineBuilder taskQueue(TaskQueue value) {
    this.taskQueue = value;
    return this;
  }

  /** The timer store holding durable timers (required). */
  public SagaEngineBuilder timerStore(TimerStore value) {
    this.timerStore = value;
    return this;
  }

  /**
   * The unit of work of the backend holding the event store and timer store (default
   * {@link Transactor#direct()}: each write commits on its own). With an atomic one
   * ({@code backend.transactor()} of a JDBC backend) each transition writes its events, its timer
   * creates and cancels and, when the task queue is of the same backend, its task publishes in one
   * transaction; publishes to a queue of another backend (or one the transactor does not
   * {@linkplain Transactor#joins join}, such as a decorated queue) follow the commit. Pass the
   * transactor of the backend that holds the event store and the timer store; a decorator over
   * them still joins, since the backend binds its transaction to the calling thread.
   */
  public SagaEngineBuilder transactor(Transactor value) {
    this.transactor = value;
    return this;
  }

  /** The engine's clock (default: system UTC); a manual clock in tests. */
  public SagaEngineBuilder clock(Clock value) {
    this.clock = value;
    return this;
  }

  /** The activities this engine's workers run. */
  public SagaEngineBuilder activities(ActivityRegistry value) {
    this.activities = value;
    return this;
  }

  /** Registers {@code activities} in a new registry. */
  public SagaEngineBuilder activities(Activity<?, ?>... values) {
    this.activities = ActivityRegistry.of(values);
    return this;
  }

  /** Adds workflows that can be started and run. */
  public SagaEngineBuilder workflows(Workflow<?, ?>... values) {
    this.workflows.addAll(List.of(values));
    return this;
  }

  /** The workflow task queue (default {@code saga-workflows}). */
  public SagaEngineBuilder workflowQueue(String value) {
    this.workflowQueue = value;
    return this;
  }

  /** The activity task queue (default {@code saga-activities}). */
  public SagaEngineBuilder activityQueue(String value) {
    this.activityQueue = value;
    return this;
  }

  /**
   * Worker loops per queue (default 2). 0 makes a client-only engine: it starts, signals, cancels,
   * describes, lists and queries sagas, and runs no loop at all (no workers, no timer firing, no
   * recovery, reconciler or watchdog).
   */
  public SagaEngineBuilder workers(int value) {
    this.workers = value;
    return this;
  }

  /**
   * Whether {@link #build()} starts the engine's loops (default true). False builds an engine that
   * starts, signals and reads sagas but runs no worker, timer, recovery or supervisor loop until
   * {@link SagaEngine#startWorkers()} is called: for a framework that starts the engine once the
   * application is up.
   */
  public SagaEngineBuilder startWorkers(boolean value) {
    this.startWorkers = value;
    return this;
  }

  /** How often the timer loop looks for due timers (default 100 ms; zero: no timer loop). */
  public SagaEngineBuilder timerPoll(Duration value) {
    this.timerPoll = value;
    return this;
  }

  /** Whether {@link #build()} resumes every unfinished saga when the engine has workers (default true). */
  public SagaEngineBuilder recoverOnStart(boolean value) {
    this.recoverOnStart = value;
    return this;
  }

  /** Events between history snapshots (default 100; 0 turns snapshots off). */
  public SagaEngineBuilder snapshotInterval(int value) {
    this.snapshotInterval = value;
    return this;
  }

  /**
   * Whether a worker that finishes a step continues the saga itself (default true): it records the
   * step's result together with what the workflow decides next in one append, and runs the next
   * step at once if it is an activity registered on this engine, instead of a round trip through
   * the workflow and activity queues. False sends every transition through the queues.
   */
  public SagaEngineBuilder localContinuation(boolean value) {
    this.localContinuation = value;
    return this;
  }

  /**
   * The version of the workflow code this engine runs (e.g. {@code "2026.11.1"}; default none),
   * recorded in WorkflowExecutionStarted of every saga it starts and shown by
   * {@link SagaDescription#codeVersion()}. Sagas started on any version are resumed alike.
   */
  public SagaEngineBuilder codeVersion(String value) {
    this.codeVersion = value;
    return this;
  }

  /**
   * How often the reconciler re-derives work the queue or timer store lost (default 30 s of the
   * engine's clock; zero turns the loop off, {@link SagaEngine#reconcile()} still runs it by hand).
   * It runs on engines with workers, and only touches sagas quiet for at least this long (30 s
   * when the loop is off).
   */
  public SagaEngineBuilder reconcileInterval(Duration value) {
    this.reconcileInterval = value;
    return this;
  }

  /** The watchdog's interval and thresholds (default {@link WatchdogSettings#DEFAULT}). */
  public SagaEngineBuilder watchdog(WatchdogSettings value) {
    this.watchdog = value;
    return this;
  }

  /**
   * How long an activity attempt whose worker stopped answering waits before another worker runs
   * it again (default 30 s). The worker running an attempt holds a lease on it, renewed every third
   * of this; a worker that dies (or loses its database) stops renewing, and once the lease ends the
   * attempt is recorded as lost and runs again at once, without counting against its retry policy.
   * A worker that finds its lease gone stops the attempt, so an attempt never runs on two live
   * workers at once. Shorter leases re-drive sooner and cost a timer write per running attempt
   * more often.
   */
  public SagaEngineBuilder attemptLease(Duration value) {
    this.attemptLease = value;
    return this;
  }

  /**
   * Where the engine's meters go (default Micrometer's global registry): the watchdog's last
   * round ({@code operon.saga.blocked}, {@code operon.saga.stalled}, {@code operon.saga.degraded})
   * and lost attempts ({@code operon.saga.attempts.lost}), tagged {@code engine}. They are removed
   * when the engine closes.
   */
  public SagaEngineBuilder meterRegistry(io.micrometer.core.instrument.MeterRegistry value) {
    this.meterRegistry = value;
    return this;
  }

  /**
   * Where the engine's meters and spans go (default: the {@link #meterRegistry} and no spans).
   * Spans: {@code saga <WorkflowType>} when a saga starts, a child of the starter's trace (its
   * ambient {@link dev.operon.tracking.CorrelationContext}, else its current OpenTelemetry span),
   * and {@code activity <ActivityType>} for each attempt, a child of the saga's start on whatever
   * host and however late it runs; each saga's history events carry the trace id. Meters, besides
   * the watchdog's: {@code operon.sagas} (tagged workflow and event: started, compensated, and
   * completed, failed or canceled by the saga's final state), {@code operon.activity.duration}, {@code operon.saga.replay.duration},
   * {@code operon.queue.depth} and {@code operon.queue.oldest.age} per queue.
   */
  public SagaEngineBuilder telemetry(dev.operon.tracking.Telemetry value) {
    this.telemetry = value;
    return this;
  }

  /**
   * Tracks every saga as an operation (default: none are): {@code Saga.<WorkflowType>} under the
   * saga's id and each step as {@code Activity.<ActivityType>} under {@code <sagaId>/<stepId>}, a
   * child of it, correlated by the starter's correlation id (else the saga's id). Written in the
   * transaction of each transition when the tracker's store is on the engine's database, so a saga
   * and its tracked operation never disagree; activity heartbeats are the steps' progress (at most
   * one write per 10 s). Watch the steps for stalls ({@code StalledWatcher}), not the sagas: a saga
   * that waits for a signal for a week is not stalled; its hanging step is, and the engine's own
   * activity timeout ends and retries it.
   */
  public SagaEngineBuilder tracking(dev.operon.tracking.OperationTracker value) {
    this.tracker = value;
    return this;
  }

  /**
   * Whether a tracked engine ({@link #tracking}) tracks each step too (default true). Without them
   * each saga costs two tracked writes instead of two per step more (on PostgreSQL, about a third
   * of the cost of tracking), and no step can be seen stalling: for sagas whose steps are short and
   * whose activity timeouts are the alarm.
   */
  public SagaEngineBuilder trackSteps(boolean value) {
    this.trackSteps = value;
    return this;
  }

  /**
   * What a rollback does when a compensation fails for good (default
   * {@link CompensationFailurePolicy#STOP}: it stops there; {@link CompensationFailurePolicy#CONTINUE}
   * runs every remaining compensation first). Recorded in each rollback's CompensationStarted, so a
   * rollback follows the policy of the engine that started it (or that retried it).
   */
  public SagaEngineBuilder compensationFailure(CompensationFailurePolicy value) {
    this.compensationFailure = value;
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
    require(watchdog, "watchdog");
    require(meterRegistry, "meterRegistry");
    if (attemptLease == null || attemptLease.compareTo(Duration.ofSeconds(1)) < 0) {
      throw OperonException.invalid("attemptLease must be at least 1 s, was " + attemptLease);
    }
    require(transactor, "transactor");
    Ports.requireJoined(transactor, eventStore, "event store");
    Ports.requireJoined(transactor, timerStore, "timer store");
    require(compensationFailure, "compensationFailure");
    if (reconcileInterval == null || reconcileInterval.isNegative()) {
      throw OperonException.invalid("reconcileInterval must be zero or positive, was " + reconcileInterval);
    }
    if (codeVersion != null && !CODE_VERSION.matcher(codeVersion).matches()) {
      throw OperonException.invalid("codeVersion must be 1-64 letters, digits or . _ + -, was '" + codeVersion + "'");
    }
    return new SagaEngine(this);
  }

  private static void require(Object value, String name) {
    if (value == null) {
      throw OperonException.invalid("SagaEngine." + name + " is required");
    }
  }
}
