package dev.operon.saga.internal.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.operon.error.ErrorKind;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.CompensationFailurePolicy;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A history extended event by event with {@link SagaHistory#plus} (which copies its indexes and
 * carries its state forward) answers every question as the same events read at once do.
 */
class SagaHistoryPlusTest {
  private static final String SAGA = "saga-1";
  private final ManualClock clock = new ManualClock();
  private final EventFactory events = new EventFactory(clock);

  @Test
  void aHistoryGrownOneAppendAtATimeAnswersAsTheSameEventsReadAtOnce() {
    SagaFailure boom = new SagaFailure(ErrorKind.ACTIVITY_EXECUTION, "boom", "java.lang.IllegalStateException");
    ScheduledStep reserve = new ScheduledStep("1", "reserve", TextNode.valueOf("o-1"), "release", null, null);
    ScheduledStep charge = new ScheduledStep("2", "charge", TextNode.valueOf("o-1"), "refund", null, null);
    List<List<HistoryEvent>> appends = List.of(
        List.of(events.started(SAGA, "Order", TextNode.valueOf("o-1"), null, null, null),
            events.activityScheduled(SAGA, reserve)),
        List.of(events.activityFailed(SAGA, "1", boom, 1, true, null, true)),
        List.of(events.activityCompleted(SAGA, "1", TextNode.valueOf("r-1"), 2),
            events.timerCreated(SAGA, SAGA + "/t-1", clock.instant().plus(Duration.ofMinutes(1)), "sleep", null, null)),
        List.of(events.signalReceived(SAGA, "approve", IntNode.valueOf(1))),
        List.of(events.timer(SAGA, EventType.TIMER_FIRED, SAGA + "/t-1"), events.activityScheduled(SAGA, charge)),
        List.of(events.activityFailed(SAGA, "2", boom, 1, false, null, false)),
        List.of(events.withFailure(SAGA, EventType.WORKFLOW_EXECUTION_FAILED, boom),
            events.compensationStarted(SAGA, List.of(new ScheduledStep("c1", "release", TextNode.valueOf("r-1"), null,
                "1", null)), CompensationFailurePolicy.STOP, null)));

    SagaHistory grown = new SagaHistory(SAGA, List.of());
    List<HistoryEvent> all = new ArrayList<>();
    for (List<HistoryEvent> append : appends) {
      grown.state(); // the projection is carried forward from here on
      grown = grown.plus(append);
      all = new ArrayList<>(grown.events());
      assertSameAnswers(grown, new SagaHistory(SAGA, all));
    }
    assertThat(grown.lostAttempts("1")).isEqualTo(1);
    assertThat(grown.outcome("2")).isPresent();
    assertThat(grown.compensationStarts()).hasSize(1);
  }

  private static void assertSameAnswers(SagaHistory grown, SagaHistory read) {
    assertThat(grown.events()).isEqualTo(read.events());
    assertThat(grown.lastEventId()).isEqualTo(read.lastEventId());
    assertThat(grown.state()).isEqualTo(read.state());
    assertThat(grown.terminal()).isEqualTo(read.terminal());
    assertThat(grown.transitions()).isEqualTo(read.transitions());
    assertThat(grown.commands()).isEqualTo(read.commands());
    assertThat(grown.pendingActivities()).isEqualTo(read.pendingActivities());
    assertThat(grown.openTimers()).isEqualTo(read.openTimers());
    assertThat(grown.failure()).isEqualTo(read.failure());
    assertThat(grown.cancelRequested()).isEqualTo(read.cancelRequested());
    assertThat(grown.compensationStarts()).isEqualTo(read.compensationStarts());
    for (String step : List.of("1", "2", "c1")) {
      assertThat(grown.scheduled(step)).isEqualTo(read.scheduled(step));
      assertThat(grown.outcome(step)).isEqualTo(read.outcome(step));
      assertThat(grown.nextAttempt(step)).isEqualTo(read.nextAttempt(step));
      assertThat(grown.lostAttempts(step)).isEqualTo(read.lostAttempts(step));
      assertThat(grown.attemptRecorded(step, 1)).isEqualTo(read.attemptRecorded(step, 1));
    }
  }
}
