package dev.operon.notify;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For adapters of remote notifiers: the listeners of each channel in this process, and the
 * thread that wakes them for this process's own notifications (which the broker echo is not waited for). A listener's exception is
 * logged and does not stop its subscription.
 */
public final class ListenerRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ListenerRegistry.class);

  private final ConcurrentMap<String, List<Runnable>> byChannel = new ConcurrentHashMap<>();
  private final ExecutorService localWakeUps;

  public ListenerRegistry(String threadName) {
    this.localWakeUps = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Adds {@code listener}; true if it is the first of {@code channel}. */
  public synchronized boolean add(String channel, Runnable listener) {
    List<Runnable> listeners = byChannel.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
    listeners.add(listener);
    return listeners.size() == 1;
  }

  /** Removes {@code listener}; true if {@code channel} has no listener left. */
  public synchronized boolean remove(String channel, Runnable listener) {
    List<Runnable> listeners = byChannel.get(channel);
    if (listeners == null || !listeners.remove(listener)) {
      return false;
    }
    if (listeners.isEmpty()) {
      byChannel.remove(channel);
      return true;
    }
    return false;
  }

  /** Calls the listeners of {@code channel} on the calling thread. */
  public void wake(String channel) {
    for (Runnable listener : byChannel.getOrDefault(channel, List.of())) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("A listener of channel '{}' failed; it stays subscribed", channel, e);
      }
    }
  }

  /** Calls the listeners of {@code channel} soon, on this process's wake-up thread. */
  public void wakeSoon(String channel) {
    if (!byChannel.containsKey(channel)) {
      return;
    }
    try {
      localWakeUps.execute(() -> wake(channel));
    } catch (RejectedExecutionException e) {
      log.debug("Notifier closed; local wake-up of '{}' dropped", channel);
    }
  }

  @Override
  public void close() {
    localWakeUps.shutdownNow();
    byChannel.clear();
  }
}
