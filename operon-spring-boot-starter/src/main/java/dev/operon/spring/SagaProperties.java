package dev.operon.spring;

import java.time.Duration;

/** The saga engine. */
public class SagaProperties {
  /** Whether the application runs a saga engine. */
  private boolean enabled = true;

  /** Worker loops per queue (0: a client-only engine that starts and reads sagas but runs none). */
  private int workers = 2;

  /** Whether a worker runs a saga's next step itself when it can, instead of going through the queue. */
  private boolean localContinuation = true;

  /** The queue of workflow tasks. */
  private String workflowQueue = "saga-workflows";

  /** The queue of activity tasks. */
  private String activityQueue = "saga-activities";

  /** The code version recorded with the sagas this application starts (empty: none). */
  private String codeVersion = "";

  /** How long the application waits for the engine's workers when it stops. */
  private Duration drainTimeout = Duration.ofSeconds(30);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getWorkers() {
    return workers;
  }

  public void setWorkers(int workers) {
    this.workers = workers;
  }

  public boolean isLocalContinuation() {
    return localContinuation;
  }

  public void setLocalContinuation(boolean localContinuation) {
    this.localContinuation = localContinuation;
  }

  public String getWorkflowQueue() {
    return workflowQueue;
  }

  public void setWorkflowQueue(String workflowQueue) {
    this.workflowQueue = workflowQueue;
  }

  public String getActivityQueue() {
    return activityQueue;
  }

  public void setActivityQueue(String activityQueue) {
    this.activityQueue = activityQueue;
  }

  public String getCodeVersion() {
    return codeVersion;
  }

  public void setCodeVersion(String codeVersion) {
    this.codeVersion = codeVersion;
  }

  public Duration getDrainTimeout() {
    return drainTimeout;
  }

  public void setDrainTimeout(Duration drainTimeout) {
    this.drainTimeout = drainTimeout;
  }
}
