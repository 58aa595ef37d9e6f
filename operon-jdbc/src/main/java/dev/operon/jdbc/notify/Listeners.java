package dev.operon.jdbc.notify;

import dev.operon.notify.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of one notifier by channel, called on one daemon thread so that a wake-up
 * never blocks the notifier. Wake-ups that arrive while a call is queued are coalesced into it.
 */
final class Listeners implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final Map<String, List<Listener>> byChannel = new ConcurrentHashMap<>();
  private final ExecutorService dispatcher;

  Listeners(String threadName) {
    this.dispatcher = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Adds a listener; returns whether it is the channel's first. */
  Listener add(String channel, Runnable body) {
    Listener listener = new Listener(channel, body);
    byChannel.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    return listener;
  }

  /** Removes a listener; returns whether its channel has none left. */
  boolean remove(Listener listener) {
    boolean[] empty = new boolean[1];
    byChannel.computeIfPresent(listener.channel, (c, list) -> {
      list.remove(listener);
      empty[0] = list.isEmpty();
      return list.isEmpty() ? null : list;
    });
    return empty[0];
  }

  void wake(String channel) {
    List<Listener> list = byChannel.get(channel);
    if (list != null) {
      list.forEach(Listener::wake);
    }
  }

  void wakeAll() {
    byChannel.values().forEach(list -> list.forEach(Listener::wake));
  }

  Set<String> channels() {
    return Set.copyOf(byChannel.keySet());
  }

  @Override
  public void close() {
    dispatcher.shutdownNow();
    byChannel.clear();
  }

  /** One listener of one channel. */
  final class Listener {
    final String channel;
    private final Runnable body;
    private final AtomicBoolean queued = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();

    Listener(String channel, Runnable body) {
      this.channel = channel;
      this.body = body;
    }

    void wake() {
      if (closed.get() || !queued.compareAndSet(false, true)) {
        return;
      }
      try {
        dispatcher.execute(this::call);
      } catch (RejectedExecutionException e) {
        queued.set(false);
      }
    }

    private void call() {
      queued.set(false);
      if (closed.get()) {
        return;
      }
      try {
        body.run();
      } catch (RuntimeException e) {
        LOG.warn("A listener of channel '{}' threw; the subscription stays", channel, e);
      }
    }
  }

  /** Closing a subscription closes its listener once. */
  static Subscription subscription(Listener listener, Runnable onFirstClose) {
    return () -> {
      if (listener.closed.compareAndSet(false, true)) {
        onFirstClose.run();
      }
    };
  }
}
