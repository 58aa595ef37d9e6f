package dev.operon.notify;

/**
 * Wake-up signals per channel between readers and writers, possibly on other hosts (the
 * log watcher and signal dispatcher of every capability).
 *
 * <p>Notifications only make readers fast; they never replace polling. A notification may be
 * lost (a reconnect, a full buffer) and several may be coalesced into one wake-up, so a reader
 * that is woken re-reads its source of truth. What every adapter guarantees: after
 * {@code notify(c)} returns, each subscriber of {@code c} on every host connected to the same
 * backend, this one included, is woken at least once, unless the connection is lost. Channel
 * names are 1-200 characters of letters, digits, '-', '_', '.' and ':'.
 *
 * <p>How a notify reaches other hosts is declared by {@link #pushesWakeUps()}: a pushing notifier
 * carries each notify to the subscribers of other hosts (within a bounded delay); one that does not
 * push wakes every subscriber at least once per poll interval instead, whether or not anyone
 * notified, and a notify only wakes its own host's subscribers at once.
 */
public interface ChangeNotifier extends AutoCloseable {

  /** Wakes the subscribers of {@code channel}. Never blocks on a subscriber. */
  void notify(String channel);

  /**
   * Calls {@code listener} on each wake-up of {@code channel}, on a notifier thread. The
   * subscription is live when this method returns: a notify sent after that wakes it. A listener
   * must return quickly; an exception it throws is logged and does not stop the subscription.
   */
  Subscription subscribe(String channel, Runnable listener);

  /**
   * Whether a notify is pushed to the subscribers of other hosts. True (the default) for the
   * notifiers of a shared backend and the in-process one; false for a notifier that only polls (it
   * wakes every subscriber once per {@code BackendOptions.pollInterval()}, notified or not).
   */
  default boolean pushesWakeUps() {
    return true;
  }

  @Override
  default void close() {}
}
