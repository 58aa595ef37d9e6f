package dev.operon.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.operon.timer.TimerStatus.CANCELLED;
import static dev.operon.timer.TimerStatus.FAILED;
import static dev.operon.timer.TimerStatus.FIRED;
import static dev.operon.timer.TimerStatus.PENDING;
import static dev.operon.timer.TimerStatus.PROCESSING;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimerStatusTest {
  private static final Map<TimerStatus, Set<TimerStatus>> ALLOWED = Map.of(
      PENDING, Set.of(PROCESSING, CANCELLED),
      PROCESSING, Set.of(FIRED, FAILED, PENDING),
      FIRED, Set.of(),
      CANCELLED, Set.of(),
      FAILED, Set.of());

  @Test
  void everyPairIsAllowedOrThrows() {
    for (TimerStatus from : TimerStatus.values()) {
      for (TimerStatus to : TimerStatus.values()) {
        boolean allowed = ALLOWED.get(from).contains(to);
        assertThat(from.next()).as("next of " + from).isEqualTo(ALLOWED.get(from));
        assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(allowed);
        if (allowed) {
          from.requireMoveTo(to, "t-1");
        } else {
          assertThatThrownBy(() -> from.requireMoveTo(to, "t-1"))
              .as(from + " -> " + to)
              .isInstanceOfSatisfying(OperonException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.TIMER_STORE);
                assertThat(e.retryable()).isFalse();
                assertThat(e.id(OperonException.Ids.TIMER)).contains("t-1");
                assertThat(e.getMessage()).contains("t-1").contains(from.name()).contains(to.name());
              });
        }
      }
    }
  }

  @Test
  void terminalStatusesHaveNoWayOut() {
    assertThat(FIRED.terminal()).isTrue();
    assertThat(CANCELLED.terminal()).isTrue();
    assertThat(FAILED.terminal()).isTrue();
    assertThat(PENDING.terminal()).isFalse();
    assertThat(PROCESSING.terminal()).isFalse();
  }

  @Test
  void thereAreSixTimerTypes() {
    assertThat(TimerType.values()).extracting(Enum::name).containsExactly(
        "WORKFLOW_TIMEOUT", "ACTIVITY_TIMEOUT", "SLEEP", "RETRY_BACKOFF", "SCHEDULED", "CUSTOM");
  }
}
