package dev.operon.bench.peers;

import dev.operon.bench.peers.ClosedLoop.Outcome;

/**
 * What one engine did in the two shapes: many starters of 3-step workflows, and one starter of
 * {@code steps}-step workflows, whose mean time per step is the step latency.
 */
record WorkflowShapes(Outcome concurrent, Outcome sequential, int steps) {
  /** The mean time of a one-thread workflow divided by its steps, in milliseconds. */
  double stepLatencyMillis() {
    return sequential.meanMillis() / steps;
  }
}
