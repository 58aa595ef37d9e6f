package dev.operon.spring;

import java.time.Duration;

/** Operation tracking: sagas and persistent commands as tracked operations, stalled ones marked. */
public class TrackingProperties {
  /** Whether sagas and persistent commands are tracked (each costs a few writes more). */
  private boolean enabled = false;

  /** Whether each saga step is tracked too, as a child of its saga (the steps are what can stall). */
  private boolean steps = true;

  /** How long an operation may go without news before it is marked STALLED (names without a threshold of their own). */
  private Duration stalledAfter = Duration.ofMinutes(30);

  /** How often the stalled watcher looks. */
  private Duration stalledCheckPeriod = Duration.ofMinutes(1);

  /** Thresholds by operation name, e.g. operon.tracking.stalled-thresholds[Activity.ship]=10m. */
  private java.util.Map<String, Duration> stalledThresholds = new java.util.LinkedHashMap<>();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isSteps() {
    return steps;
  }

  public void setSteps(boolean steps) {
    this.steps = steps;
  }

  public Duration getStalledAfter() {
    return stalledAfter;
  }

  public void setStalledAfter(Duration stalledAfter) {
    this.stalledAfter = stalledAfter;
  }

  public Duration getStalledCheckPeriod() {
    return stalledCheckPeriod;
  }

  public void setStalledCheckPeriod(Duration stalledCheckPeriod) {
    this.stalledCheckPeriod = stalledCheckPeriod;
  }

  public java.util.Map<String, Duration> getStalledThresholds() {
    return stalledThresholds;
  }

  public void setStalledThresholds(java.util.Map<String, Duration> stalledThresholds) {
    this.stalledThresholds = stalledThresholds;
  }
}
