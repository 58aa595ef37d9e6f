package dev.operon.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Operon's settings under {@code operon.*}: where it stores its data, its queue and its wake-ups
 * (by URL, as everywhere in Operon), its tables' prefix, the saga engine under
 * {@code operon.saga.*}, the commander under {@code operon.commands.*}, tracking under
 * {@code operon.tracking.*}, documents under {@code operon.documents.*} and Operon's HTTP server
 * under {@code operon.server.*}. A property under
 * {@code operon.} that none of these names stops the start, as a misspelt one would otherwise be
 * ignored. Every value is checked when the application starts
 * ({@link OperonSettings}); a wrong one stops the start with a message naming the property.
 */
@ConfigurationProperties(prefix = "operon", ignoreUnknownFields = false)
public class OperonProperties {
  /**
   * Where Operon stores its data: sqlite:PATH, or postgres://HOST:PORT/DB (with ?user=...). Empty
   * (the default): the application's DataSource when it reaches PostgreSQL, else an SQLite file in
   * operon-data/.
   */
  private String store = "";

  /** The task queue by URL (e.g. nats://127.0.0.1:4222); empty: the store's own queue. */
  private String queue = "";

  /** Where wake-ups are announced by URL (e.g. redis://127.0.0.1:6379); empty: the store's own. */
  private String notify = "";

  /** The prefix of Operon's tables and streams. */
  private String tablePrefix = "operon_";

  private final Saga saga = new Saga();

  private final Commands commands = new Commands();

  private final Tracking tracking = new Tracking();

  private final Documents documents = new Documents();

  private final Server server = new Server();

  /** Operon's HTTP server (API and dashboard), on a port of its own; needs operon-http on the class path. */
  public static class Server {
    /** Whether the application runs Operon's HTTP server. */
    private boolean enabled = false;

    /** The address it listens on. */
    private String host = "0.0.0.0";

    /** The port it listens on (0: any free one). */
    private int port = 7070;

    /** The file of API tokens it accepts (made with 'operon token add'). */
    private String tokensFile = "";

    /** Whether it serves without tokens, every caller an admin; it then listens on loopback only. */
    private boolean insecureLocal = false;

    /** Whether it refuses every change (a dashboard to look, not to act). */
    private boolean readOnly = false;

    /**
     * Where to mount the API and the dashboard in the application's own servlet container, under
     * its context path and behind its own security (e.g. /operon); empty: on a port of their own
     * with Operon's tokens.
     */
    private String mountPath = "";

    /** The application's roles whose users are Operon's admins, operators and viewers (when mounted). */
    private final Roles roles = new Roles();

    /** The application's roles (as in hasRole) of Operon's three roles. */
    public static class Roles {
      /** The role of Operon's admins. */
      private String admin = "OPERON_ADMIN";

      /** The role of Operon's operators. */
      private String operator = "OPERON_OPERATOR";

      /** The role of Operon's viewers. */
      private String viewer = "OPERON_VIEWER";

      public String getAdmin() {
        return admin;
      }

      public void setAdmin(String admin) {
        this.admin = admin;
      }

      public String getOperator() {
        return operator;
      }

      public void setOperator(String operator) {
        this.operator = operator;
      }

      public String getViewer() {
        return viewer;
      }

      public void setViewer(String viewer) {
        this.viewer = viewer;
      }
    }

    public String getMountPath() {
      return mountPath;
    }

    public void setMountPath(String mountPath) {
      this.mountPath = mountPath;
    }

    public Roles getRoles() {
      return roles;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getTokensFile() {
      return tokensFile;
    }

    public void setTokensFile(String tokensFile) {
      this.tokensFile = tokensFile;
    }

    public boolean isInsecureLocal() {
      return insecureLocal;
    }

    public void setInsecureLocal(boolean insecureLocal) {
      this.insecureLocal = insecureLocal;
    }

    public boolean isReadOnly() {
      return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
      this.readOnly = readOnly;
    }
  }

  /** Operation tracking: sagas and persistent commands as tracked operations, stalled ones marked. */
  public static class Tracking {
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

  /** Event-sourced documents over the application's DocumentModel beans. */
  public static class Documents {
    /** Whether the application gets a documents bean (it needs at least one DocumentModel bean). */
    private boolean enabled = true;

    /** A keyframe of a scope every this many revisions. */
    private int keyframeEvery = 10;

    /** How many documents are held in memory at most. */
    private long maxLoadedDocuments = 10_000;

    /** The largest attachment. */
    private org.springframework.util.unit.DataSize maxAttachmentSize = org.springframework.util.unit.DataSize.ofMegabytes(16);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getKeyframeEvery() {
      return keyframeEvery;
    }

    public void setKeyframeEvery(int keyframeEvery) {
      this.keyframeEvery = keyframeEvery;
    }

    public long getMaxLoadedDocuments() {
      return maxLoadedDocuments;
    }

    public void setMaxLoadedDocuments(long maxLoadedDocuments) {
      this.maxLoadedDocuments = maxLoadedDocuments;
    }

    public org.springframework.util.unit.DataSize getMaxAttachmentSize() {
      return maxAttachmentSize;
    }

    public void setMaxAttachmentSize(org.springframework.util.unit.DataSize maxAttachmentSize) {
      this.maxAttachmentSize = maxAttachmentSize;
    }
  }

  /** The commander: commands through the pipeline, the operation log and the outbox. */
  public static class Commands {
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

  /** The saga engine. */
  public static class Saga {
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

  public String getStore() {
    return store;
  }

  public void setStore(String store) {
    this.store = store;
  }

  public String getQueue() {
    return queue;
  }

  public void setQueue(String queue) {
    this.queue = queue;
  }

  public String getNotify() {
    return notify;
  }

  public void setNotify(String notify) {
    this.notify = notify;
  }

  public String getTablePrefix() {
    return tablePrefix;
  }

  public void setTablePrefix(String tablePrefix) {
    this.tablePrefix = tablePrefix;
  }

  public Saga getSaga() {
    return saga;
  }

  public Commands getCommands() {
    return commands;
  }

  public Tracking getTracking() {
    return tracking;
  }

  public Documents getDocuments() {
    return documents;
  }

  public Server getServer() {
    return server;
  }
}
