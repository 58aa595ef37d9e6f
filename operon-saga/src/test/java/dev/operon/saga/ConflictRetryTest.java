package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.inmemory.InMemoryTaskQueue;
import dev.operon.inmemory.InMemoryTimerStore;
import dev.operon.queue.TaskQueue;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.OrderSaga;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.worker.WorkflowTaskProcessor;
import dev.operon.spi.BackendOptions;
import dev.operon.timer.TimerStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Workflow tasks under stress: the append race (the loser reloads, replays and
 * writes nothing twice) and a worker that lacks an activity.
 */
class ConflictRetryTest {
  private final ManualClock clock = new ManualClock();
  private final BackendOptions options = BackendOptions.defaults().withClock(clock);
  private final RacingEventStore events = new RacingEventStore(new InMemoryEventStore(options));
  private final TaskQueue queue = new InMemoryTaskQueue(options);
  private final TimerStore timers = new InMemoryTimerStore(options);
  private final OrderFixtures fixtures = new OrderFixtures();

  @Test
  void theLoserOfAnAppendRaceReplaysAndAddsNothing() {
    try (SagaEngine engine = SagaEngine.builder().eventStore(events).taskQueue(queue).timerStore(timers)
        .clock(clock).activities(fixtures.activities()).workflows(new OrderSaga()).workers(0).build()) {
      String sagaId = engine.start(OrderSaga.class, new OrderInput("o-1", 1)).id();
      WorkflowTaskProcessor first = processor();
      WorkflowTaskProcessor second = processor();
      events.beforeNextAppend(() -> second.process(sagaId));

      first.process(sagaId);

      assertThat(events.conflicts).isEqualTo(1);
      SagaDescription d = engine.describe(sagaId);
      assertThat(d.history()).extracting(HistoryEvent::eventType)
          .containsExactly(EventType.WORKFLOW_EXECUTION_STARTED, EventType.ACTIVITY_TASK_SCHEDULED);
      assertThat(d.state()).isEqualTo(SagaState.PAUSED);
      assertThat(d.pendingSteps()).containsExactly("1");
      assertThat(queue.fetch("saga-activities", 10, Duration.ZERO)).hasSize(1);
    }
  }

  @Test
  void anActivityThisWorkerDoesNotKnowIsAnErrorOfTheWorkerNotOfTheSaga() {
    try (SagaEngine engine = SagaEngine.builder().eventStore(events).taskQueue(queue).timerStore(timers)
        .clock(clock).activities(fixtures.activities()).workflows(new OrderSaga()).workers(0).build()) {
      String sagaId = engine.start(OrderSaga.class, new OrderInput("o-2", 1)).id();
      WorkflowTaskProcessor lacking = processor(ActivityRegistry.of(new OrderFixtures.ChargePayment(fixtures.journal)));

      assertThatThrownBy(() -> lacking.process(sagaId)).isInstanceOf(OperonException.class)
          .hasMessageContaining(sagaId).hasMessageContaining("ReserveInventory")
          .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CONFIGURATION));
      assertThat(engine.describe(sagaId).history()).hasSize(1);
      assertThat(engine.describe(sagaId).state()).isEqualTo(SagaState.RUNNING);
    }
  }

  private WorkflowTaskProcessor processor() {
    return processor(ActivityRegistry.of(fixtures.activities()));
  }

  private WorkflowTaskProcessor processor(ActivityRegistry activities) {
    WorkflowRegistry workflows = new WorkflowRegistry();
    workflows.register(new OrderSaga());
    return new WorkflowTaskProcessor(new SagaRuntime(new HistoryStore(events), queue, timers, clock,
        activities, workflows, "saga-workflows", "saga-activities"));
  }

  /** Runs a hook just before the next append reaches the store, and counts conflicts. */
  static final class RacingEventStore extends ForwardingEventStore {
    private final AtomicReference<Runnable> hook = new AtomicReference<>();
    int conflicts;

    RacingEventStore(EventStore delegate) {
      super(delegate);
    }

    void beforeNextAppend(Runnable action) {
      hook.set(action);
    }

    @Override
    public long append(String stream, long expectedLastId, List<NewEvent> batch) {
      Runnable action = hook.getAndSet(null);
      if (action != null) {
        action.run();
      }
      try {
        return super.append(stream, expectedLastId, batch);
      } catch (dev.operon.error.ConflictException e) {
        conflicts++;
        throw e;
      }
    }
  }
}
