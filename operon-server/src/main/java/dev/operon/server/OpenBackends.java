package dev.operon.server;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.notify.ChangeNotifier;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.spi.Transactor;
import dev.operon.timer.TimerStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backends behind the four ports for one set of {@link PortUrls}: each distinct URL is opened
 * once, {@code --queue jdbc} and {@code --notify postgres} reuse the store's backend, and closing
 * closes them all.
 */
public final class OpenBackends implements AutoCloseable {
  private final PortUrls urls;
  private final BackendOptions options;
  private final Map<String, Backend> byUrl = new LinkedHashMap<>();
  private EventStore eventStore;
  private TimerStore timerStore;
  private TaskQueue taskQueue;
  private ChangeNotifier notifier;

  private OpenBackends(PortUrls urls, BackendOptions options) {
    this.urls = urls;
    this.options = options;
  }

  /** Opens the store's backend at once; the queue's and notifier's on first use. */
  public static OpenBackends open(PortUrls urls, BackendOptions options) {
    OpenBackends backends = new OpenBackends(urls, options);
    try {
      backends.storeBackend();
      return backends;
    } catch (RuntimeException e) {
      backends.close();
      throw e;
    }
  }

  /** The URLs these backends were opened for. */
  public PortUrls urls() {
    return urls;
  }

  /** The backend of the event store and timer store. */
  public Backend storeBackend() {
    return backend(urls.store());
  }

  /** The backend of the task queue. */
  public Backend queueBackend() {
    return urls.queueUsesStore() ? storeBackend() : backend(urls.queue());
  }

  /** The backend of the change notifier. */
  public Backend notifierBackend() {
    if (!urls.notifyUsesStore()) {
      return backend(urls.notifier());
    }
    if (!urls.notifier().trim().equalsIgnoreCase("store") && !urls.storeIsPostgres()) {
      throw OperonException.of(ErrorKind.CONFIGURATION,
              "--notify " + urls.notifier() + " uses the store's PostgreSQL, but the store is "
                  + urls.store() + "; give --store postgres://HOST:5432/DB or another --notify"
                  + " (local, poll, redis://HOST:6379, fs:DIR, nats://HOST:4222)")
          .retryable(false).build();
    }
    return storeBackend();
  }

  /** The event store of the store backend, made on first use. */
  public synchronized EventStore eventStore() {
    if (eventStore == null) {
      eventStore = storeBackend().eventStore();
    }
    return eventStore;
  }

  /** The timer store of the store backend, made on first use. */
  public synchronized TimerStore timerStore() {
    if (timerStore == null) {
      timerStore = storeBackend().timerStore();
    }
    return timerStore;
  }

  /**
   * The unit of work of the store backend: atomic on a JDBC store, whose event store, timer store
   * and (with {@code --queue jdbc}) task queue then commit together.
   */
  public Transactor transactor() {
    return storeBackend().transactor();
  }

  /** The task queue of the queue backend, made on first use. */
  public synchronized TaskQueue taskQueue() {
    if (taskQueue == null) {
      taskQueue = queueBackend().taskQueue();
    }
    return taskQueue;
  }

  /** The change notifier of the notifier backend, made on first use. */
  public synchronized ChangeNotifier notifier() {
    if (notifier == null) {
      notifier = notifierBackend().notifier();
    }
    return notifier;
  }

  private synchronized Backend backend(String url) {
    Backend backend = byUrl.get(url.trim());
    if (backend == null) {
      SqliteFiles.createParentDirectory(url);
      backend = Backends.open(url.trim(), options);
      byUrl.put(url.trim(), backend);
    }
    return backend;
  }

  /** Closes every backend opened, newest first; a failure to close one does not stop the rest. */
  @Override
  public synchronized void close() {
    List<Backend> backends = new ArrayList<>(byUrl.values());
    byUrl.clear();
    for (int i = backends.size() - 1; i >= 0; i--) {
      try {
        backends.get(i).close();
      } catch (RuntimeException ignored) {
        // closing is best effort: the process is about to end or move on
      }
    }
  }
}
