package dev.operon.bench.peers;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How long a queue took to take {@code tasks} tasks (publish or schedule them in one batch) and
 * then to execute them all.
 */
record DrainTiming(int tasks, double publishSeconds, double drainSeconds) {
  /**
   * The timing of {@code tasks} tasks taken from {@code begin} to {@code taken} and drained by
   * {@code drained} ({@link System#nanoTime()} readings), printed on {@code progress} as
   * {@code who}'s figure, saying what taking them was ({@code verb}: "published", "scheduled").
   */
  static DrainTiming report(PrintWriter progress, String who, String verb, int tasks, long begin, long taken,
      long drained) {
    DrainTiming timing = new DrainTiming(tasks, (taken - begin) / 1e9, (drained - taken) / 1e9);
    progress.printf(Locale.ROOT, "  %-24s %,12.0f tasks/s  (%,d %s in %.2f s, drained in %.2f s)%n",
        who, timing.perSecond(), tasks, verb, timing.publishSeconds(), timing.drainSeconds());
    return timing;
  }

  /** Tasks per second, publishing included. */
  double perSecond() {
    return tasks / (publishSeconds + drainSeconds);
  }

  /** Tasks per second of the drain alone. */
  double drainPerSecond() {
    return tasks / drainSeconds;
  }
}
