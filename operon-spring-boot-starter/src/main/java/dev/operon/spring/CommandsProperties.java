package dev.operon.spring;

import java.time.Duration;

/** The commander: commands through the pipeline, the operation log and the outbox. */
public class CommandsProperties {
  /** Whether the application has a commander. */
  private boolean enabled = true;

  /** This host's id in the operation log (empty: a new random id at every start). */
  private String hostId = "";

  /** Whether this host processes the outbox's due events (a host that only writes may leave them to others). */
  private boolean processesEvents = true;

  /** How often this host polls the outbox for due events, besides the wake-ups. */
  private Duration eventCheckPeriod = Duration.ofSeconds(5);

  /**
   * Whether a command whose operation failed on a serialization failure, a deadlock or a
   * concurrency conflict runs again (up to 3 times), with the same operation id.
   */
  private boolean reprocessing = false;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getHostId() {
    return hostId;
  }

  public void setHostId(String hostId) {
    this.hostId = hostId;
  }

  public boolean isProcessesEvents() {
    return processesEvents;
  }

  public void setProcessesEvents(boolean processesEvents) {
    this.processesEvents = processesEvents;
  }

  public Duration getEventCheckPeriod() {
    return eventCheckPeriod;
  }

  public void setEventCheckPeriod(Duration eventCheckPeriod) {
    this.eventCheckPeriod = eventCheckPeriod;
  }

  public boolean isReprocessing() {
    return reprocessing;
  }

  public void setReprocessing(boolean reprocessing) {
    this.reprocessing = reprocessing;
  }
}
