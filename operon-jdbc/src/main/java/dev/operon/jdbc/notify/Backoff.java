package dev.operon.jdbc.notify;

/** Exponential back-off between reconnects: 1 s, 2 s, 4 s, 8 s, then 10 s. */
final class Backoff {
  private static final long FIRST_MILLIS = 1_000;
  private static final long MAX_MILLIS = 10_000;

  private long next = FIRST_MILLIS;

  void reset() {
    next = FIRST_MILLIS;
  }

  /** Sleeps the current delay and doubles it; returns early (flag restored) if interrupted. */
  void sleep() {
    try {
      Thread.sleep(next);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    next = Math.min(next * 2, MAX_MILLIS);
  }
}
