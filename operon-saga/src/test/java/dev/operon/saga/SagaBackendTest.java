package dev.operon.saga;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.StoredEvent;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.Transitions;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.visibility.SagaVisibilities;
import dev.operon.saga.internal.worker.WorkflowTaskProcessor;
import dev.operon.spi.Transactor;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerStore;
import dev.operon.timer.TimerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What every engine test on one backend needs: the backend's ports (a subclass opens them), a
 * manual clock, the order fixtures, engines closed after each test, and the check that a test
 * annotated {@link Drives} drove the rows of table 7.2 it names. It holds no test itself.
 */
abstract class SagaBackendTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  /** The three ports of one fresh, empty backend. */
  record Ports(EventStore events, TaskQueue queue, TimerStore timers, AutoCloseable closer, Transactor transactor) {
    /** Ports of a backend without transactions (each write commits on its own). */
    Ports(EventStore events, TaskQueue queue, TimerStore timers, AutoCloseable closer) {
      this(events, queue, timers, closer, Transactor.direct());
    }
  }

  protected abstract Ports open(ManualClock clock) throws Exception;

  /** Whether the backend keeps its data when its ports are closed and opened again. */
  protected boolean survivesRestart() {
    return false;
  }

  /**
   * Whether the queue drops a task whose dedup key was used before only while that task is not
   * finished (the database queues), rather than for a fixed window (NATS JetStream: two minutes).
   */
  protected boolean dedupEndsWithTheTask() {
    return true;
  }

  /** Opens the ports of the backend {@link #open} opened last again, after they were closed. */
  protected Ports reopen(ManualClock clock) throws Exception {
    throw new UnsupportedOperationException("this backend does not survive a restart");
  }

  final ManualClock clock = new ManualClock();
  final OrderFixtures fixtures = new OrderFixtures();
  final List<SagaEngine> engines = new ArrayList<>();
  /** Every saga the test's engines wrote to, for the check of {@link Drives}. */
  final Set<String> sagasWritten = ConcurrentHashMap.newKeySet();
  Ports ports;

  @BeforeEach
  void openPorts() throws Exception {
    ports = open(clock);
  }

  @AfterEach
  void closeAll(TestInfo test) throws Exception {
    engines.forEach(SagaEngine::close);
    try {
      checkDrivenRows(test);
    } finally {
      ports.closer().close();
    }
  }

  /** Run once, right after the next read of a saga's events returns (so the reader holds what it read before). */
  final AtomicReference<Runnable> afterNextRead = new AtomicReference<>();

  /**
   * {@code store}, noting the saga of every append in {@link #sagasWritten}, and running
   * {@link #afterNextRead} after a read.
   */
  EventStore recording(EventStore store) {
    return new ForwardingEventStore(store) {
      @Override
      public long append(String stream, long expectedLastId, List<NewEvent> events) {
        sagasWritten.add(stream);
        return super.append(stream, expectedLastId, events);
      }

      @Override
      public List<StoredEvent> read(String stream, long afterId, int limit) {
        List<StoredEvent> read = super.read(stream, afterId, limit);
        Runnable race = afterNextRead.getAndSet(null);
        if (race != null) {
          race.run();
        }
        return read;
      }
    };
  }

  /**
   * The sagas of a test annotated {@link Drives} went through the rows it names. (The sagas are
   * the ones the test's engines wrote to: on PostgreSQL the global log may lag behind other
   * transactions on the server, so scanning it could miss some.)
   */
  private void checkDrivenRows(TestInfo test) {
    Drives drives = test.getTestMethod().map(m -> m.getAnnotation(Drives.class)).orElse(null);
    if (drives == null) {
      return;
    }
    HistoryStore histories = new HistoryStore(ports.events());
    Set<String> driven = sagasWritten.stream()
        .flatMap(id -> histories.load(id).transitions().stream())
        .map(SagaTableCoverageTest::rowName)
        .collect(Collectors.toSet());
    assertThat(driven).as("rows of table 7.2 the sagas of %s went through", test.getDisplayName())
        .contains(drives.value());
  }

  SagaEngine engine(Workflow<?, ?>... workflows) {
    return engine(2, workflows);
  }

  SagaEngine engine(int workers, Workflow<?, ?>... workflows) {
    return engine(workers, true, workflows);
  }

  SagaEngine engine(int workers, boolean recover, Workflow<?, ?>... workflows) {
    SagaEngine engine = builder(workers, recover, workflows).build();
    engines.add(engine);
    return engine;
  }

  /**
   * A worker engine that neither recovers on start nor reconciles in the background: for a test of
   * what the timers alone do about a lost task, which the reconciler (its loop wakes as the test
   * moves the clock) would otherwise publish again first.
   */
  SagaEngine engineWithoutReconciler(int workers, Workflow<?, ?>... workflows) {
    SagaEngine engine = builder(workers, false, workflows).reconcileInterval(Duration.ZERO).build();
    engines.add(engine);
    return engine;
  }

  private SagaEngineBuilder builder(int workers, boolean recover, Workflow<?, ?>... workflows) {
    return SagaEngine.builder().transactor(ports.transactor())
        .eventStore(recording(ports.events())).taskQueue(ports.queue()).timerStore(ports.timers())
        .visibility(SagaVisibilities.forEventStore(ports.events()))
        .clock(clock).activities(fixtures.activities()).workflows(workflows)
        .workers(workers).timerPoll(Duration.ZERO).recoverOnStart(recover);
  }

  /** Takes one workflow step of a saga without any worker running, each transition in {@code transactor}'s transactions. */
  WorkflowTaskProcessor processor(Workflow<?, ?> workflow, Transactor transactor) {
    WorkflowRegistry workflows = new WorkflowRegistry();
    workflows.register(workflow);
    return new WorkflowTaskProcessor(new SagaRuntime(new HistoryStore(ports.events()), ports.queue(),
        ports.timers(), clock, ActivityRegistry.of(fixtures.activities()), workflows, "saga-workflows",
        "saga-activities", new Transitions(transactor, ports.queue())));
  }

  /** Takes one workflow step of a saga without any worker running. */
  WorkflowTaskProcessor processor(Workflow<?, ?> workflow) {
    WorkflowRegistry workflows = new WorkflowRegistry();
    workflows.register(workflow);
    return new WorkflowTaskProcessor(new SagaRuntime(new HistoryStore(ports.events()), ports.queue(),
        ports.timers(), clock, ActivityRegistry.of(fixtures.activities()), workflows, "saga-workflows",
        "saga-activities"));
  }

  /** Loses every task of {@code queue}, as a queue that crashed before persisting them would. */
  void loseTasks(String queue) {
    loseTasks(ports.queue(), queue);
  }

  static void loseTasks(TaskQueue from, String queue) {
    List<Task> tasks;
    while (!(tasks = from.fetch(queue, 100, Duration.ZERO)).isEmpty()) {
      from.ackAll(tasks);
    }
  }

  /** Loses every task of both saga queues. */
  static void loseAll(TaskQueue from) {
    loseTasks(from, "saga-workflows");
    loseTasks(from, "saga-activities");
  }

  /** Waits until saga {@code sagaId}'s description meets {@code condition}. */
  static void await(SagaEngine engine, String sagaId, Predicate<SagaDescription> condition) {
    eventually(WAIT, () -> {
      SagaDescription d = engine.describe(sagaId);
      assertThat(condition.test(d)).as("saga %s: %s", sagaId, d).isTrue();
    });
  }

  /** Waits until saga {@code sagaId} has a pending sleep or signal timer in the timer store. */
  void awaitTimer(String sagaId) {
    eventually(WAIT, () -> assertThat(ports.timers().listByOwner(sagaId)).as("timers of saga %s", sagaId)
        .anyMatch(t -> t.status() == TimerStatus.PENDING
            && (t.type() == TimerType.SLEEP || t.type() == TimerType.CUSTOM)));
  }

  static List<EventType> types(SagaDescription d) {
    return d.history().stream().map(HistoryEvent::eventType).toList();
  }

}
