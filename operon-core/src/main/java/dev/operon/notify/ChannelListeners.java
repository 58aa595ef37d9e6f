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
 * listeners, so that waking them never blocks the caller (a broker's delivery thread, say).
 * Wake-ups that arrive while a call is queued are coalesced into it; a listener that throws is
 * logged and stays subscribed. Every notifier adapter, local or remote, keeps its subscribers
 * here: a remote one starts listening on the broker when a channel gets its first listener and
 * stops when it loses its last.
 */
public final class ChannelListeners implements AutoCloseable {
  private final Map<String, List<LocalSubscription>> byChannel = new ConcurrentHashMap<>();
  private final ExecutorService dispatcher;
  private final Object edges = new Object();

  public ChannelListeners(String threadName) {
    this.dispatcher = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Adds a listener of {@code channel}; closing the subscription removes it. */
  LocalSubscription add(String channel, Runnable listener) {
    return register(channel, listener, () -> {});
  }

  /**
   * Adds a listener of {@code channel}; closing the returned subscription removes it and, if it
   * was the channel's last, runs {@code whenChannelEmpty} (e.g. to stop listening remotely).
   */
  public Subscription subscribe(String channel, Runnable listener, Runnable whenChannelEmpty) {
    return subscribe(channel, listener, () -> {}, whenChannelEmpty);
  }

  /**
   * Adds a listener of {@code channel}, running {@code whenChannelFirst} first if the channel had
   * none (e.g. to subscribe on the broker and wait for its confirmation); if that throws, nothing
   * is added and the exception reaches the caller. Closing the returned subscription removes the
   * listener and, if it was the channel's last, runs {@code whenChannelEmpty}. A channel's first
   * and empty callbacks never run concurrently with each other.
   */
  public Subscription subscribe(String channel, Runnable listener, Runnable whenChannelFirst,
      Runnable whenChannelEmpty) {
    synchronized (edges) {
      if (!byChannel.containsKey(channel)) {
        whenChannelFirst.run();
      }
      return register(channel, listener, whenChannelEmpty);
    }
  }

  private LocalSubscription register(String channel, Runnable listener, Runnable whenChannelEmpty) {
    LocalSubscription[] self = new LocalSubscription[1];
    self[0] = new LocalSubscription(channel, listener, dispatcher, () -> {
      synchronized (edges) {
        if (remove(self[0])) {
          whenChannelEmpty.run();
        }
      }
    });
    byChannel.compute(channel, (c, list) -> {
      List<LocalSubscription> kept = list == null ? new CopyOnWriteArrayList<>() : list;
      kept.add(self[0]);
      return kept;
    });
    return self[0];
  }

  /** Removes a subscription; true if its channel has none left. */
  private boolean remove(LocalSubscription subscription) {
    boolean[] empty = new boolean[1];
    byChannel.computeIfPresent(subscription.channel(), (c, list) -> {
      list.remove(subscription);
      empty[0] = list.isEmpty();
      return list.isEmpty() ? null : list;
    });
    return empty[0];
  }

  /** Wakes every listener of {@code channel}. */
  public void wake(String channel) {
    List<LocalSubscription> list = byChannel.get(channel);
    if (list != null) {
      list.forEach(LocalSubscription::wake);
    }
  }

  /** Wakes every listener of every channel. */
  public void wakeAll() {
    byChannel.values().forEach(list -> list.forEach(LocalSubscription::wake));
  }

  /** The channels that have at least one listener. */
  public Set<String> channels() {
    return Set.copyOf(byChannel.keySet());
  }

  @Override
  public void close() {
    dispatcher.shutdownNow();
    byChannel.clear();
  }
}
