package dev.operon.timer;

import dev.operon.error.OperonException;
import java.util.Objects;

/**
 * One scheduler's hold on a timer it claimed: the fencing token that {@link TimerStore#markFired},
 * {@link TimerStore#markFailed} and {@link TimerStore#release} take. Get it from a timer that
 * {@link TimerStore#claimDue} returned ({@link Timer#claim()}).
 *
 * <p>Every claim of a timer counts one more attempt, so the attempt number tells one claim of a
 * timer from every other, even from an earlier claim of the same scheduler. A claim holds while
 * the timer is {@link TimerStatus#PROCESSING} under the same scheduler and attempt; once the claim
 * expired and the timer was claimed again, or the claim was finished, it never holds again.
 *
 * @param timerId the claimed timer
 * @param schedulerId the scheduler that claimed it
 * @param attempt the timer's attempt count that this claim made ({@link Timer#attempts()})
 */
public record TimerClaim(String timerId, String schedulerId, int attempt) {
  public TimerClaim {
    Objects.requireNonNull(timerId, "timerId");
    Objects.requireNonNull(schedulerId, "schedulerId");
    if (attempt < 1) {
      throw OperonException.invalid("A timer claim's attempt must be >= 1, was " + attempt);
    }
  }

  /** Whether this claim is {@code timer}'s current one: the timer is PROCESSING under it. */
  public boolean holds(Timer timer) {
    return timer != null && timer.id().equals(timerId) && timer.status() == TimerStatus.PROCESSING
        && schedulerId.equals(timer.claimedBy()) && timer.attempts() == attempt;
  }
}
