package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.inmemory.InMemoryTaskQueue;
import dev.operon.inmemory.InMemoryTimerStore;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.internal.SagaCatalog;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The catalog the reconciler and the watchdog read: unfinished sagas, from the global log. */
class SagaCatalogTest {
  final ManualClock clock = new ManualClock();
  final BackendOptions options = BackendOptions.defaults().withClock(clock);
  final InMemoryEventStore events = new InMemoryEventStore(options);
  final InMemoryTaskQueue queue = new InMemoryTaskQueue(options);
  final InMemoryTimerStore timers = new InMemoryTimerStore(options);
  final TimerFixtures fixtures = new TimerFixtures();

  SagaEngine engine(int workers) {
    return SagaEngine.builder().eventStore(events).taskQueue(queue).timerStore(timers).clock(clock)
        .activities(fixtures.activities()).workflows(new TimerFixtures.NoteSaga(), new TimerFixtures.NapSaga())
        .workers(workers).timerPoll(Duration.ZERO).reconcileInterval(Duration.ZERO).build();
  }

  @Test
  void listsStartedSagasUntilTheyEndAndIgnoresOtherStreams() {
    SagaCatalog catalog = SagaCatalog.scanning(events);
    try (SagaEngine client = engine(0)) {
      String quick = client.start(TimerFixtures.NoteSaga.class, new OrderInput("c-1", 1)).id();
      String nap = client.start(TimerFixtures.NapSaga.class, new OrderInput("c-2", 1)).id();
      client.schedule("hourly", "0 * * * *", "NoteSaga", new OrderInput("c-3", 1));
      assertThat(catalog.candidateSagaIds()).containsExactly(quick, nap);

      try (SagaEngine worker = engine(1)) {
        worker.handle(quick).result(SagaEngineContract.WAIT);
      }
      assertThat(catalog.candidateSagaIds()).containsExactly(nap);
      String later = client.start(TimerFixtures.NapSaga.class, new OrderInput("c-4", 1), "later").id();
      assertThat(catalog.candidateSagaIds()).containsExactly(nap, later);
    }
  }
}
