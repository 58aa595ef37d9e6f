package dev.operon.spring;

import dev.operon.notify.ChangeNotifier;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.spi.Health;
import java.util.ArrayList;
import java.util.List;

/**
 * The backends the application's properties name: the store, and the queue and the notifier when
 * they are elsewhere. Closing it closes each (the application context does, after the engine).
 */
public final class OperonBackends implements AutoCloseable {
  private final Backend store;
  private final Backend queue;
  private final Backend notify;

  /** The store when neither operon.store nor the application's DataSource names one. */
  static final String EMBEDDED = "sqlite:operon-data/operon.db";

  /**
   * @param applicationStore the store the application's DataSource gives, used when
   *     {@code operon.store} is empty; null for none
   * @param clock the clock of the backends (a test's manual clock, or the system's)
   */
  OperonBackends(OperonProperties properties, ApplicationStore applicationStore, java.time.Clock clock) {
    BackendOptions options = BackendOptions.defaults().withTablePrefix(properties.getTablePrefix()).withClock(clock);
    List<Backend> opened = new ArrayList<>();
    try {
      this.store = store(properties.getStore(), applicationStore, options, opened);
      this.queue = properties.getQueue().isBlank() ? null : open(properties.getQueue(), options, opened);
      this.notify = properties.getNotify().isBlank() ? null : open(properties.getNotify(), options, opened);
    } catch (RuntimeException e) {
      opened.forEach(Backend::close);
      throw e;
    }
  }

  private static Backend store(String url, ApplicationStore applicationStore, BackendOptions options,
      List<Backend> opened) {
    if (!url.isBlank()) {
      return open(url, options, opened);
    }
    java.util.Optional<Backend> given = applicationStore == null ? java.util.Optional.empty()
        : applicationStore.open(options);
    if (given.isPresent()) {
      opened.add(given.get());
      return given.get();
    }
    return open(EMBEDDED, options, opened);
  }

  private static Backend open(String url, BackendOptions options, List<Backend> opened) {
    Backend backend = Backends.open(url, options);
    opened.add(backend);
    return backend;
  }

  /** The store: event store, timer store, checkpoints, transactions. */
  public Backend store() {
    return store;
  }

  /** The task queue: the queue's backend, else the store's. */
  public TaskQueue taskQueue() {
    return (queue != null ? queue : store).taskQueue();
  }

  /** The notifier: the notify backend's, else the store's. */
  public ChangeNotifier notifier() {
    return (notify != null ? notify : store).notifier();
  }

  /** The roles of the backends: {@code store}, then {@code queue} and {@code notify} when they are backends of their own. */
  public List<String> roles() {
    List<String> roles = new ArrayList<>(List.of("store"));
    if (queue != null) {
      roles.add("queue");
    }
    if (notify != null) {
      roles.add("notify");
    }
    return roles;
  }

  /** The health of the backend in {@code role} ({@link #roles()}), checked now. */
  public Health check(String role) {
    return checked(switch (role) {
      case "store" -> store;
      case "queue" -> queue != null ? queue : store;
      case "notify" -> notify != null ? notify : store;
      default -> throw new IllegalArgumentException("no backend role " + role + "; the roles are " + roles());
    });
  }

  private static Health checked(Backend backend) {
    try {
      return backend.check();
    } catch (RuntimeException e) {
      return new Health(false, backend.url().redacted() + ": " + e.getMessage(), "check that it runs and is reachable");
    }
  }

  @Override
  public void close() {
    for (Backend backend : new Backend[] {notify, queue, store}) {
      if (backend != null) {
        backend.close();
      }
    }
  }
}
