package dev.operon.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

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

  /** The saga engine. */
  @NestedConfigurationProperty
  private final SagaProperties saga = new SagaProperties();

  /** The commander. */
  @NestedConfigurationProperty
  private final CommandsProperties commands = new CommandsProperties();

  /** Operation tracking. */
  @NestedConfigurationProperty
  private final TrackingProperties tracking = new TrackingProperties();

  /** Event-sourced documents. */
  @NestedConfigurationProperty
  private final DocumentsProperties documents = new DocumentsProperties();

  /** Operon's HTTP server. */
  @NestedConfigurationProperty
  private final HttpServerProperties server = new HttpServerProperties();

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

  public SagaProperties getSaga() {
    return saga;
  }

  public CommandsProperties getCommands() {
    return commands;
  }

  public TrackingProperties getTracking() {
    return tracking;
  }

  public DocumentsProperties getDocuments() {
    return documents;
  }

  public HttpServerProperties getServer() {
    return server;
  }
}
