package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.inmemory.InMemoryTaskQueue;
import dev.operon.inmemory.InMemoryTimerStore;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.OrderSaga;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.timer.TimerStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart: a backend opened from a URL in one line is all the engine needs. */
class SagaEngineBackendTest {
  @TempDir
  Path dir;

  @Test
  void anEngineOnABackendOpenedFromAUrlTakesItsPortsAndItsTransactions() {
    OrderFixtures fixtures = new OrderFixtures();
    try (Backend db = Backends.open("sqlite:" + dir.resolve("operon.db"))) {
      SagaEngineBuilder builder = SagaEngine.builder().backend(db).activities(fixtures.activities())
          .workflows(new OrderSaga());
      assertThat(builder.transactor.atomic()).as("one transaction per transition").isTrue();
      try (SagaEngine engine = builder.build()) {
        var handle = engine.start(OrderSaga.class, new OrderInput("q-1", 5));
        assertThat(handle.result(Duration.ofSeconds(20)).trackingNo()).isEqualTo("s-q-1-1");
      }
    }
    assertThat(fixtures.calls()).containsExactly("reserve:q-1", "charge:q-1", "ship:q-1");
  }

  @Test
  void aClientOnlyEngineRunsNoLoopAndFiresNoTimer() throws Exception {
    var clock = new ManualClock();
    var options = BackendOptions.defaults().withClock(clock);
    var events = new InMemoryEventStore(options);
    var queue = new InMemoryTaskQueue(options);
    var timers = new InMemoryTimerStore(options);
    var claimed = new CountDownLatch(1);
    var watched = (TimerStore) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {TimerStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("claimDue")) {
            claimed.countDown();
          }
          try {
            return method.invoke(timers, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    OrderFixtures fixtures = new OrderFixtures();
    try (SagaEngine worker = SagaEngine.builder().eventStore(events).taskQueue(queue).timerStore(timers).clock(clock)
        .activities(fixtures.activities()).workflows(new OrderFixtures.SleepySaga()).timerPoll(Duration.ZERO).build()) {
      String id = worker.start(OrderFixtures.SleepySaga.class, new OrderInput("q-2", 1)).id();
      SagaEngineContract.await(worker, id, d -> d.history().stream()
          .anyMatch(e -> e.eventType() == EventType.TIMER_CREATED));
    }
    clock.advance(Duration.ofHours(2));
    try (SagaEngine client = SagaEngine.builder().eventStore(events).taskQueue(queue).timerStore(watched)
        .clock(clock).workflows(new OrderFixtures.SleepySaga()).workers(0).build()) {
      // an engine with workers would claim the due sleep within its timer poll (100 ms)
      assertThat(claimed.await(1, TimeUnit.SECONDS)).as("the client engine claimed timers").isFalse();
      assertThat(timers.claimDue("check", clock.instant(), 10)).as("the sleep is still due").hasSize(1);
    }
  }

  @Test
  void aMissingBackendIsAValidationError() {
    assertThatThrownBy(() -> SagaEngine.builder().backend(null)).isInstanceOf(OperonException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("backend");
  }
}
