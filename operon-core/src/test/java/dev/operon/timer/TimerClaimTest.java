package dev.operon.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.OperonException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerClaimTest {
  private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

  private static Timer timer(TimerStatus status, String claimedBy, int attempts) {
    return new Timer("t-1", "saga-1", TimerType.SLEEP, AT, new byte[0], status, claimedBy,
        claimedBy == null ? null : AT, attempts, AT, null);
  }

  @Test
  void aClaimedTimerNamesItsClaimAndTheClaimHoldsIt() {
    Timer claimed = timer(TimerStatus.PROCESSING, "s-1", 3);
    assertThat(claimed.claim()).isEqualTo(new TimerClaim("t-1", "s-1", 3));
    assertThat(claimed.claim().holds(claimed)).isTrue();
  }

  @Test
  void aClaimHoldsOnlyItsOwnTimerInItsOwnAttemptWhileProcessing() {
    TimerClaim claim = new TimerClaim("t-1", "s-1", 3);
    assertThat(claim.holds(timer(TimerStatus.PROCESSING, "s-2", 4))).as("taken over by another").isFalse();
    assertThat(claim.holds(timer(TimerStatus.PROCESSING, "s-1", 4))).as("claimed again by the same").isFalse();
    assertThat(claim.holds(timer(TimerStatus.PENDING, null, 3))).as("released").isFalse();
    assertThat(claim.holds(timer(TimerStatus.FIRED, "s-1", 3))).as("finished").isFalse();
    assertThat(new TimerClaim("t-2", "s-1", 3).holds(timer(TimerStatus.PROCESSING, "s-1", 3))).isFalse();
    assertThat(claim.holds(null)).isFalse();
  }

  @Test
  void anUnclaimedTimerHasNoClaim() {
    assertThatThrownBy(() -> timer(TimerStatus.PENDING, null, 0).claim())
        .isInstanceOf(OperonException.class).hasMessageContaining("t-1").hasMessageContaining("PENDING");
    assertThatThrownBy(() -> new TimerClaim("t-1", "s-1", 0)).isInstanceOf(OperonException.class);
  }
}
