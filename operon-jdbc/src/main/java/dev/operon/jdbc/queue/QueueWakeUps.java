package dev.operon.jdbc.queue;

import dev.operon.jdbc.internal.QueueSignals;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the fetchers of a queue when a task becomes ready: those of this JVM through the
 * database's {@link QueueSignals}, those of other processes through a {@link ChangeNotifier} once
 * one is given: a publish announces the queue on its channel after the commit, and the first
 * fetch of a queue in this process listens on it. Fetchers keep polling, so a lost notification
 * costs one poll interval, never a task.
 */
final class QueueWakeUps implements AutoCloseable {
  private final QueueSignals signals;
  private final Map<String, Subscription> heard = new ConcurrentHashMap<>();
  private volatile ChangeNotifier notifier;

  QueueWakeUps(QueueSignals signals) {
    this.signals = signals;
  }

  /** The channel on which publishes to {@code queue} are announced. */
  static String channel(String queue) {
    return "operon.queue." + queue;
  }

  /** Announces publishes on {@code value} from now on, and listens there for the queues fetched from. */
  synchronized void via(ChangeNotifier value) {
    closeSubscriptions();
    notifier = value;
  }

  /** Wakes the fetchers of {@code queue}, here and, with a notifier, in other processes. */
  void announce(String queue) {
    signals.signal(queue);
    ChangeNotifier current = notifier;
    if (current != null) {
      current.notify(channel(queue));
    }
  }

  /** Makes sure a fetcher of {@code queue} here is woken by other processes' publishes. */
  void listen(String queue) {
    ChangeNotifier current = notifier;
    if (current == null || heard.containsKey(queue)) {
      return;
    }
    synchronized (this) {
      if (notifier == current && !heard.containsKey(queue)) {
        heard.put(queue, current.subscribe(channel(queue), () -> signals.signal(queue)));
      }
    }
  }

  @Override
  public synchronized void close() {
    closeSubscriptions();
    notifier = null;
  }

  private void closeSubscriptions() {
    heard.values().forEach(Subscription::close);
    heard.clear();
  }
}
