package dev.operon.bench.peers;

/**
 * How long a queue took to take {@code tasks} tasks (publish or schedule them in one batch) and
 * then to execute them all.
 */
record DrainTiming(int tasks, double publishSeconds, double drainSeconds) {
  /** Tasks per second, publishing included. */
  double perSecond() {
    return tasks / (publishSeconds + drainSeconds);
  }

  /** Tasks per second of the drain alone. */
  double drainPerSecond() {
    return tasks / drainSeconds;
  }
}
