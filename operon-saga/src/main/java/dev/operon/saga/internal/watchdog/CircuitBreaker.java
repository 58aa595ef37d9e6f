package dev.operon.saga.internal.watchdog;

import dev.operon.saga.CircuitState;
import java.time.Duration;
import java.time.Instant;

/**
 * The circuit breaker the health detector drives: {@code failures} failed checks in a row open
 * it; once {@code openFor} has passed it is half-open and the next check closes it (passed) or
 * opens it again (failed). Time is the engine clock's, passed in. Thread-safe.
 */
public final class CircuitBreaker {
  private final int failures;
  private final Duration openFor;
  private int failedInARow;
  private Instant failingSince;
  private Instant openedAt;

  public CircuitBreaker(int failures, Duration openFor) {
    this.failures = failures;
    this.openFor = openFor;
  }

  /** The state at {@code now}. */
  public synchronized CircuitState state(Instant now) {
    if (openedAt == null) {
      return CircuitState.CLOSED;
    }
    return now.isBefore(openedAt.plus(openFor)) ? CircuitState.OPEN : CircuitState.HALF_OPEN;
  }

  /** Records a passed check: the breaker closes. */
  public synchronized void passed() {
    failedInARow = 0;
    failingSince = null;
    openedAt = null;
  }

  /** Records a failed check at {@code now}; returns the state after it. */
  public synchronized CircuitState failed(Instant now) {
    failedInARow++;
    if (failingSince == null) {
      failingSince = now;
    }
    if (openedAt != null && state(now) == CircuitState.HALF_OPEN || openedAt == null && failedInARow >= failures) {
      openedAt = now;
    }
    return state(now);
  }

  /** When the current run of failed checks began, or null if the last check passed. */
  public synchronized Instant failingSince() {
    return failingSince;
  }
}
