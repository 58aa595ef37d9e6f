package dev.operon.saga.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.operon.error.ErrorKind;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.ActivityRegistry;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A signal wait whose timeout fired after a stop was recorded ends as the stop, as it does when the
 * stop's workflow task runs before the timer fires: when the workers were down between the two
 * (killed, or behind), one replay sees both, and the saga must still reach the state it would
 * have reached without the crash.
 */
class SignalTimeoutAfterStopTest {
  private static final String SAGA = "s";
  private static final String WAIT_TIMER = SAGA + "/timer-1";

  private final ManualClock clock = new ManualClock();
  private final EventFactory events = new EventFactory(clock);
  private final Replayer replayer = new Replayer(ActivityRegistry.of(), events, clock,
      new ReplayServices(null, new WorkflowRegistry()));
  private final List<HistoryEvent> log = new ArrayList<>();

  /** Waits two seconds for an approval. */
  static final class AwaitsApproval implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String input) {
      return ctx.awaitSignal("approve", String.class, Duration.ofSeconds(2));
    }
  }

  private void add(HistoryEvent e) {
    log.add(e.withEventId(log.size() + 1));
  }

  private void waiting() {
    add(events.started(SAGA, "AwaitsApproval", TextNode.valueOf("in"), null, null));
    add(events.timerCreated(SAGA, WAIT_TIMER, clock.instant().plusSeconds(2), Attr.PURPOSE_SIGNAL, "approve",
        String.class.getName()));
  }

  private ErrorKind endedBy() {
    ReplayOutcome outcome = replayer.replay(new AwaitsApproval(), new SagaHistory(SAGA, log)).outcome();
    assertThat(outcome).isInstanceOf(ReplayOutcome.Threw.class);
    return ((ReplayOutcome.Threw) outcome).failure().kind();
  }

  @Test
  void aCancelRecordedBeforeTheTimeoutFiredCancelsTheSaga() {
    waiting();
    add(events.cancelRequested(SAGA, null));
    add(events.timer(SAGA, EventType.TIMER_FIRED, WAIT_TIMER));
    assertThat(endedBy()).isEqualTo(ErrorKind.CANCELLED);
  }

  @Test
  void aCancelRecordedAfterTheTimeoutFiredLeavesTheTimeout() {
    waiting();
    add(events.timer(SAGA, EventType.TIMER_FIRED, WAIT_TIMER));
    add(events.cancelRequested(SAGA, null));
    assertThat(endedBy()).isEqualTo(ErrorKind.TIMEOUT);
  }

  @Test
  void aWaitWithoutAStopStillTimesOut() {
    waiting();
    add(events.timer(SAGA, EventType.TIMER_FIRED, WAIT_TIMER));
    assertThat(endedBy()).isEqualTo(ErrorKind.TIMEOUT);
  }
}
