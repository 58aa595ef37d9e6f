package dev.operon.timer;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.time.Instant;

/**
 * A stored timer.
 *
 * @param claimedBy the scheduler holding it while {@link TimerStatus#PROCESSING}, else null
 * @param claimedAt when it was claimed, else null
 * @param attempts how many times it has been claimed; the current claim's number while
 *     {@link TimerStatus#PROCESSING}
 * @param error why it failed, when {@link TimerStatus#FAILED}
 */
public record Timer(
    String id,
    String owner,
    TimerType type,
    Instant fireAt,
    byte[] payload,
    TimerStatus status,
    String claimedBy,
    Instant claimedAt,
    int attempts,
    Instant createdAt,
    String error) {

  /**
   * The claim under which this timer is held: pass it to {@link TimerStore#markFired},
   * {@link TimerStore#markFailed} or {@link TimerStore#release}. Call it on a timer that
   * {@link TimerStore#claimDue} returned; throws unless the timer is {@link TimerStatus#PROCESSING}.
   */
  public TimerClaim claim() {
    if (status != TimerStatus.PROCESSING || claimedBy == null) {
      throw OperonException.of(ErrorKind.TIMER_STORE, "Timer " + id + " is " + status + ", not claimed")
          .id(OperonException.Ids.TIMER, id)
          .retryable(false)
          .build();
    }
    return new TimerClaim(id, claimedBy, attempts);
  }
}
