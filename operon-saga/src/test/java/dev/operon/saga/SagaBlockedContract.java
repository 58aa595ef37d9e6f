package dev.operon.saga;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.BlockFixtures.Engrave;
import dev.operon.saga.BlockFixtures.EngraveFirst;
import dev.operon.saga.BlockFixtures.NapThenCharge;
import dev.operon.saga.BlockFixtures.NapThenChargeChanged;
import dev.operon.saga.BlockFixtures.ReserveThenEngrave;
import dev.operon.saga.OrderFixtures.OrderInput;
import dev.operon.saga.WatchdogFinding.Detector;
import dev.operon.saga.WatchdogFinding.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sagas the engine cannot move: code that no longer replays their history, or an activity no
 * worker registered. They are parked visibly (describe, list, a watchdog finding, a metric), never
 * timed out or rolled back by the engine for it, and moved on by code that can decide them.
 */
abstract class SagaBlockedContract extends SagaBackendTest {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** An engine with {@code workers}, the order activities (and {@code engrave}, if set) and a watchdog run by hand. */
  SagaEngine engine(int workers, boolean engrave, Workflow<?, ?>... workflows) {
    List<Activity<?, ?>> activities = new ArrayList<>(List.of(fixtures.activities()));
    if (engrave) {
      activities.add(new Engrave(fixtures.journal));
    }
    SagaEngine engine = SagaEngine.builder().transactor(ports.transactor())
        .eventStore(ports.events()).taskQueue(ports.queue()).timerStore(ports.timers()).clock(clock)
        .activities(activities.toArray(Activity<?, ?>[]::new)).workflows(workflows).workers(workers)
        .timerPoll(Duration.ZERO).watchdog(WatchdogSettings.DEFAULT.withInterval(Duration.ZERO))
        .meterRegistry(meters).build();
    engines.add(engine);
    return engine;
  }

  /** Starts a NapThenCharge saga on the old code, then runs the changed code on it until it is blocked. */
  String blockedByChangedCode(String orderId) throws Exception {
    SagaEngine v1 = engine(2, false, new NapThenCharge());
    String id = v1.start(NapThenCharge.class, new OrderInput(orderId, 1)).id();
    awaitTimer(id);
    v1.close();
    SagaEngine v2 = engine(2, false, new NapThenChargeChanged());
    // recovery on start wakes it; on PostgreSQL the log may lag, so recovery may take another round
    eventually(WAIT, () -> {
      if (v2.describe(id).blocked().isEmpty()) {
        v2.recover();
      }
      assertThat(v2.describe(id).blocked()).as("block of saga %s: %s", id, v2.describe(id)).isPresent();
    });
    return id;
  }

  static long count(SagaDescription d, EventType type) {
    return d.history().stream().filter(e -> e.eventType() == type).count();
  }

  @Test
  void aSagaWhoseCodeNoLongerReplaysIsParkedVisiblyNeverTimedOutAndFixedCodeResumesIt() throws Exception {
    String id = blockedByChangedCode("b-1");
    SagaEngine v2 = engines.get(engines.size() - 1);

    SagaDescription d = v2.describe(id);
    assertThat(d.blocked()).hasValueSatisfying(block -> {
      assertThat(block.kind()).isEqualTo(ErrorKind.REPLAY);
      assertThat(block.message()).contains(id).contains("ship-order");
    });
    assertThat(d.failure()).isEmpty();
    assertThat(v2.list(SagaQuery.all().blocked()).sagas()).singleElement()
        .satisfies(s -> {
          assertThat(s.sagaId()).isEqualTo(id);
          assertThat(s.blocked()).hasValueSatisfying(b -> assertThat(b.kind()).isEqualTo(ErrorKind.REPLAY));
        });
    assertThat(ports.queue().deadLetters("saga-workflows", 10)).isEmpty();

    // the sleep fires, the reconciler and the watchdog pass by, for longer than every threshold
    clock.advance(Duration.ofSeconds(100));
    assertThat(v2.fireDueTimers()).isEqualTo(1);
    v2.reconcile();
    assertThat(v2.watchdog().check()).filteredOn(f -> f.sagaId().isPresent()).singleElement().satisfies(f -> {
      assertThat(f.sagaId()).contains(id);
      assertThat(f.detector()).isEqualTo(Detector.BLOCKED);
      assertThat(f.level()).isEqualTo(Level.BLOCKED);
      assertThat(f.message()).contains("REPLAY").contains("ship-order");
    });
    assertThat(meters.get("operon.saga.blocked").gauge().value()).isEqualTo(1.0);
    clock.advance(Duration.ofSeconds(100));
    v2.watchdog().check();
    SagaDescription parked = v2.describe(id);
    assertThat(parked.state()).isIn(SagaState.RUNNING, SagaState.PAUSED);
    assertThat(types(parked)).doesNotContain(EventType.WORKFLOW_EXECUTION_TIMED_OUT, EventType.COMPENSATION_STARTED);
    assertThat(count(parked, EventType.WORKFLOW_TASK_FAILED)).as("woken again on the same code, the block is not recorded twice")
        .isEqualTo(1);
    v2.close();

    SagaEngine fixed = engine(2, false, new NapThenCharge());
    assertThat(fixed.handle(id).result(WAIT)).isEqualTo("t-b-1");
    SagaDescription done = fixed.describe(id);
    assertThat(done.blocked()).isEmpty();
    assertThat(types(done)).containsSubsequence(EventType.WORKFLOW_TASK_FAILED, EventType.WORKFLOW_TASK_COMPLETED,
        EventType.WORKFLOW_EXECUTION_COMPLETED);
    assertThat(fixtures.calls()).containsExactly("reserve:b-1", "charge:b-1");
    assertThat(fixed.watchdog().check()).noneMatch(f -> f.sagaId().isPresent());
    assertThat(meters.find("operon.saga.blocked").gauges()).as("the fixed engine's gauge; closed engines removed theirs")
        .singleElement().satisfies(g -> assertThat(g.value()).isZero());
  }

  @Test
  void cancellingABlockedSagaRollsItBackFromItsHistory() throws Exception {
    String id = blockedByChangedCode("b-2");
    SagaEngine v2 = engines.get(engines.size() - 1);

    assertThat(v2.cancel(id)).isTrue();
    assertThatThrownBy(() -> v2.handle(id).result(WAIT)).isInstanceOf(OperonException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    SagaDescription d = v2.describe(id);
    assertThat(d.state()).isEqualTo(SagaState.CANCELLED);
    assertThat(d.blocked()).isEmpty();
    assertThat(d.failure()).hasValueSatisfying(f -> assertThat(f.message()).contains("did not replay"));
    assertThat(fixtures.calls()).containsExactly("reserve:b-2", "release:r-b-2");
  }

  @Test
  void startingASagaWhoseFirstActivityIsNotRegisteredHereIsRefusedAndStoresNothing() {
    SagaEngine engine = engine(2, false, new EngraveFirst());
    assertThatThrownBy(() -> engine.start(EngraveFirst.class, new OrderInput("b-3", 1), "order-b-3"))
        .isInstanceOf(OperonException.class)
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("engrave").hasMessageContaining("not registered");
    assertThatThrownBy(() -> engine.describe("order-b-3")).hasMessageContaining("Unknown saga id");
  }

  @Test
  void aSagaWhoseActivityNoWorkerRegisteredIsBlockedAndMovesOnOnceAnEngineHasIt() throws Exception {
    SagaEngine client = engine(0, false, new ReserveThenEngrave());
    SagaEngine worker = engine(2, false, new ReserveThenEngrave());
    String id = client.start(ReserveThenEngrave.class, new OrderInput("b-4", 1)).id();
    await(client, id, d -> d.blocked().isPresent());
    assertThat(client.describe(id).blocked()).hasValueSatisfying(block -> {
      assertThat(block.kind()).isEqualTo(ErrorKind.CONFIGURATION);
      assertThat(block.message()).contains("engrave").contains("not registered");
    });
    assertThat(worker.watchdog().check()).filteredOn(f -> f.sagaId().isPresent()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("engrave"));
    worker.close();

    SagaEngine upgraded = engine(2, true, new ReserveThenEngrave());
    // once the saga has been quiet for the reconciler's grace (its interval, 30 s by default), a
    // pass wakes it and the upgraded engine runs the step; on PostgreSQL the log a pass reads may
    // lag behind, so it may take another pass, on the same clock
    clock.advance(Duration.ofSeconds(30));
    eventually(WAIT, () -> {
      if (!client.describe(id).terminal()) {
        upgraded.reconcile();
      }
      assertThat(client.describe(id).terminal()).as("saga %s finished: %s", id, client.describe(id)).isTrue();
    });
    assertThat(client.handle(id).result(WAIT)).isEqualTo("engraved b-4");
    assertThat(fixtures.calls()).containsExactly("reserve:b-4", "engrave:b-4");
  }
}
