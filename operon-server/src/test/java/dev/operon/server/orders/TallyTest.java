package dev.operon.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.error.ErrorKind;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaDescription;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.SagaState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TallyTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static HistoryEvent event(String sagaId, long id, EventType type, long atMillis, ObjectNode attributes) {
    return new HistoryEvent(id, sagaId, type, type.category(), T0.plusMillis(atMillis), attributes,
        HistoryEvent.CURRENT_VERSION, id == 1, false, null);
  }

  private static ObjectNode failedAttempt(boolean workerLost) {
    ObjectNode a = JSON.objectNode().put("activity_id", "1").put("attempt", 1).put("will_retry", true);
    return workerLost ? a.put("worker_lost", true) : a;
  }

  /** A finished saga from {@code startMillis} to {@code endMillis}, with one failed attempt between. */
  private static SagaDescription saga(String id, SagaState state, SagaFailure failure, long startMillis,
      long endMillis, boolean workerLost) {
    List<HistoryEvent> history = List.of(
        event(id, 1, EventType.WORKFLOW_EXECUTION_STARTED, startMillis, JSON.objectNode()),
        event(id, 2, EventType.ACTIVITY_TASK_FAILED, startMillis + 1, failedAttempt(workerLost)),
        event(id, 3, EventType.WORKFLOW_EXECUTION_COMPLETED, endMillis, JSON.objectNode()));
    return new SagaDescription(id, "OrderSaga", state, history, List.of(), List.of(), Optional.ofNullable(failure),
        Map.of(), Optional.empty(), List.of());
  }

  @Test
  void aSagaEndingOtherwiseThanItsFatePlansIsUnexpected() {
    Tally tally = new Tally();
    tally.add(saga("o-1", SagaState.COMPLETED, null, 0, 100, false), Fate.SHIPPED);
    tally.add(saga("o-2", SagaState.CANCELLED, new SagaFailure(ErrorKind.TIMEOUT, "no approval", "x"), 0, 100, false),
        Fate.CANCELLED);
    tally.add(saga("o-3", SagaState.CANCELLED, new SagaFailure(ErrorKind.TIMEOUT, "no approval", "x"), 0, 100, false),
        Fate.NOT_APPROVED);
    assertThat(tally.unexpected()).singleElement().asString()
        .startsWith("o-2 (CANCELLED): compensated, expected cancelled").contains("no approval");
  }

  @Test
  void sagasInFlightAtAnInstantStartedBeforeItAndEndedAfterIt() {
    Tally tally = new Tally();
    tally.add(saga("o-1", SagaState.COMPLETED, null, 0, 1_000, false), Fate.SHIPPED);
    tally.add(saga("o-2", SagaState.COMPLETED, null, 500, 3_000, true), Fate.SHIPPED);
    tally.add(saga("o-3", SagaState.COMPLETED, null, 2_500, 4_000, false), Fate.SHIPPED);
    assertThat(tally.inFlightAt(T0.plusMillis(800))).isEqualTo(2);
    assertThat(tally.inFlightAt(T0.plusMillis(2_000))).isEqualTo(1);
    assertThat(tally.inFlightAt(T0.plusMillis(5_000))).isZero();
    assertThat(tally.lastEnd()).contains(T0.plusMillis(4_000));
  }

  @Test
  void anAttemptLostWithItsWorkerIsNotATransientRetry() {
    Tally tally = new Tally();
    tally.add(saga("o-1", SagaState.COMPLETED, null, 0, 100, true), Fate.SHIPPED);
    tally.add(saga("o-2", SagaState.COMPLETED, null, 0, 100, false), Fate.SHIPPED);
    assertThat(tally.lostAttempts()).isEqualTo(1);
    assertThat(tally.transientRetries()).isEqualTo(1);
  }
}
