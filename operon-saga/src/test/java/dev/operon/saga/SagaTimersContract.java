package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.OrderFixtures.Payment;
import dev.operon.saga.SagaEngineContract.Ports;
import dev.operon.saga.TimerFixtures.BackoffSaga;
import dev.operon.saga.TimerFixtures.NapSaga;
import dev.operon.testkit.ManualClock;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry backoff timers, schedules, the reconciler and code versions on one backend; a subclass opens the ports. */
abstract class SagaTimersContract {
  static final Duration WAIT = SagaEngineContract.WAIT;

  protected abstract Ports open(ManualClock clock) throws Exception;

  final ManualClock clock = new ManualClock();
  final TimerFixtures fixtures = new TimerFixtures();
  final List<SagaEngine> engines = new ArrayList<>();
  Ports ports;

  @BeforeEach
  void openPorts() throws Exception {
    ports = open(clock);
  }

  @AfterEach
  void closeAll() throws Exception {
    engines.forEach(SagaEngine::close);
    ports.closer().close();
  }

  SagaEngine engine(Consumer<SagaEngineBuilder> settings) {
    SagaEngineBuilder builder = SagaEngine.builder()
        .eventStore(ports.events()).taskQueue(ports.queue()).timerStore(ports.timers())
        .clock(clock).activities(fixtures.activities())
        .workflows(new BackoffSaga(), new NapSaga(), new TimerFixtures.NoteSaga())
        .timerPoll(Duration.ZERO).reconcileInterval(Duration.ZERO);
    settings.accept(builder);
    SagaEngine engine = builder.build();
    engines.add(engine);
    return engine;
  }

  SagaEngine engine() {
    return engine(b -> { });
  }

  /** Waits until {@code owner} has a timer of {@code type} in state {@code status}, and returns it. */
  Timer awaitTimer(String owner, TimerType type, TimerStatus status) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      var found = ports.timers().listByOwner(owner).stream()
          .filter(t -> t.type() == type && t.status() == status).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      assertThat(System.nanoTime()).as("%s has no %s %s timer: %s", owner, status, type,
          ports.timers().listByOwner(owner)).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void aRetryWaitsOnADurableBackoffTimerNotOnTheQueue() throws Exception {
    SagaEngine engine = engine();
    SagaHandle<Payment> handle = engine.start(BackoffSaga.class, new OrderInput("r-1", 1));

    Timer backoff = awaitTimer(handle.id(), TimerType.RETRY_BACKOFF, TimerStatus.PENDING);
    assertThat(backoff.fireAt()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(10));
    assertThat(ports.queue().stats("saga-activities").depth()).as("attempt 2 is not on the queue yet").isZero();
    clock.advance(Duration.ofSeconds(9));
    assertThat(engine.fireDueTimers()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(engine.fireDueTimers()).isEqualTo(1);

    assertThat(handle.result(WAIT)).isEqualTo(new Payment("t-r-1-2"));
    assertThat(fixtures.calls()).containsExactly("charge:r-1:1", "charge:r-1:2");
    assertThat(ports.timers().get(backoff.id())).hasValueSatisfying(t -> assertThat(t.status()).isEqualTo(TimerStatus.FIRED));
  }

  @Test
  void aRetryBackoffTimerFiringAfterTheQueueLostEverythingStillRunsTheRetry() throws Exception {
    SagaEngine client = engine(b -> b.workers(0));
    SagaHandle<Payment> handle = client.start(BackoffSaga.class, new OrderInput("r-2", 1));
    SagaEngine worker = engine(b -> b.workers(1).recoverOnStart(false));
    awaitTimer(handle.id(), TimerType.RETRY_BACKOFF, TimerStatus.PENDING);
    worker.close();
    SagaEngineContract.loseAll(ports.queue());

    clock.advance(Duration.ofSeconds(10));
    assertThat(client.fireDueTimers()).isEqualTo(1);
    engine(b -> b.workers(1).recoverOnStart(false));

    assertThat(handle.result(WAIT)).isEqualTo(new Payment("t-r-2-2"));
  }

  @Test
  void theCodeVersionASagaStartedOnIsRecordedAndKeptWhenANewVersionResumesIt() throws Exception {
    SagaEngine v1 = engine(b -> b.codeVersion("2026.11.1"));
    String id = v1.start(NapSaga.class, new OrderInput("v-1", 1)).id();
    awaitTimer(id, TimerType.SLEEP, TimerStatus.PENDING);
    v1.close();

    SagaEngine v2 = engine(b -> b.codeVersion("2026.12.0"));
    clock.advance(Duration.ofHours(1));
    assertThat(v2.fireDueTimers()).isEqualTo(1);

    assertThat(v2.handle(id).result(WAIT)).isEqualTo("noted v-1-after");
    SagaDescription d = v2.describe(id);
    assertThat(d.codeVersion()).contains("2026.11.1");
    assertThat(d.history().get(0).text("code_version")).isEqualTo("2026.11.1");
    String fresh = v2.start(NapSaga.class, new OrderInput("v-2", 1)).id();
    assertThat(v2.describe(fresh).codeVersion()).contains("2026.12.0");
    SagaEngine unversioned = engine(b -> b.workers(0));
    assertThat(unversioned.describe(unversioned.start(NapSaga.class, new OrderInput("v-3", 1)).id()).codeVersion()).isEmpty();
  }

  @Test
  void aBadCodeVersionIsRejected() {
    assertThatThrownBy(() -> engine(b -> b.codeVersion("2026 11")))
        .isInstanceOf(OperonException.class).hasMessageContaining("codeVersion").hasMessageContaining("2026 11")
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION));
  }
}
