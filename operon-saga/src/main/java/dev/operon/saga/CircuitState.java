package dev.operon.saga;

/**
 * The watchdog's circuit breaker over the engine's ports. While it is {@link #OPEN} the engine's
 * worker loops pause (they fetch no tasks and fire no timers); after the open period one health
 * check is let through ({@link #HALF_OPEN}): if it passes the breaker closes, if not it opens again.
 */
public enum CircuitState {
  /** The ports answer; workers run. */
  CLOSED,
  /** The ports failed repeatedly; workers pause. */
  OPEN,
  /** The open period is over; the next health check decides. Workers run. */
  HALF_OPEN
}
