package dev.operon.notify;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The subscriptions of one notifier, by channel, and the one daemon thread that calls their
 * listeners, so that waking them never blocks the caller.
 */
final class ChannelListeners implements AutoCloseable {
  private final Map<String, List<LocalSubscription>> byChannel = new ConcurrentHashMap<>();
  private final ExecutorService dispatcher;

  ChannelListeners(String threadName) {
    this.dispatcher = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Adds a listener of {@code channel}; closing the subscription removes it. */
  LocalSubscription add(String channel, Runnable listener) {
    List<LocalSubscription> list = byChannel.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
    LocalSubscription[] self = new LocalSubscription[1];
    self[0] = new LocalSubscription(channel, listener, dispatcher, () -> remove(self[0]));
    list.add(self[0]);
    return self[0];
  }

  private void remove(LocalSubscription subscription) {
    byChannel.computeIfPresent(subscription.channel(), (c, list) -> {
      list.remove(subscription);
      return list.isEmpty() ? null : list;
    });
  }

  /** Wakes every listener of {@code channel}. */
  void wake(String channel) {
    List<LocalSubscription> list = byChannel.get(channel);
    if (list != null) {
      list.forEach(LocalSubscription::wake);
    }
  }

  /** Wakes every listener of every channel. */
  void wakeAll() {
    byChannel.values().forEach(list -> list.forEach(LocalSubscription::wake));
  }

  /** The channels that have at least one listener. */
  Set<String> channels() {
    return Set.copyOf(byChannel.keySet());
  }

  @Override
  public void close() {
    dispatcher.shutdownNow();
    byChannel.clear();
  }
}
