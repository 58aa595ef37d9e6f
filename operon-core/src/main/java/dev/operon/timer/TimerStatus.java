package dev.operon.timer;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a timer as an explicit transition table:
 *
 * <pre>
 * PENDING    -> PROCESSING (claimed by a scheduler) | CANCELLED
 * PROCESSING -> FIRED | FAILED | PENDING (claim expired, or released by its claimer to fire later)
 * FIRED, CANCELLED, FAILED: terminal
 * </pre>
 */
public enum TimerStatus {
  PENDING,
  PROCESSING,
  FIRED,
  CANCELLED,
  FAILED;

  private static final Map<TimerStatus, Set<TimerStatus>> NEXT =
      Map.of(
          PENDING, EnumSet.of(PROCESSING, CANCELLED),
          PROCESSING, EnumSet.of(FIRED, FAILED, PENDING),
          FIRED, EnumSet.noneOf(TimerStatus.class),
          CANCELLED, EnumSet.noneOf(TimerStatus.class),
          FAILED, EnumSet.noneOf(TimerStatus.class));

  /** Whether a timer may move from this status to {@code next}. */
  public boolean canMoveTo(TimerStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** The statuses this one may move to. */
  public Set<TimerStatus> next() {
    return Set.copyOf(NEXT.get(this));
  }

  public boolean terminal() {
    return NEXT.get(this).isEmpty();
  }

  /** Throws unless this status may move to {@code next}; names the timer and both statuses. */
  public void requireMoveTo(TimerStatus next, String timerId) {
    if (!canMoveTo(next)) {
      throw OperonException.of(ErrorKind.TIMER_STORE,
              "Timer " + timerId + " cannot move from " + this + " to " + next
                  + "; allowed from " + this + ": " + NEXT.get(this))
          .id(OperonException.Ids.TIMER, timerId)
          .retryable(false)
          .build();
    }
  }
}
