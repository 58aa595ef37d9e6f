package dev.operon.notify;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener of one channel. Wake-ups that arrive while a call is already queued are coalesced
 * into that call; a wake-up that arrives while the listener runs queues one more call.
 */
final class LocalSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSubscription.class);

  private final String channel;
  private final Runnable listener;
  private final Executor dispatcher;
  private final Runnable onClose;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  LocalSubscription(String channel, Runnable listener, Executor dispatcher, Runnable onClose) {
    this.channel = channel;
    this.listener = listener;
    this.dispatcher = dispatcher;
    this.onClose = onClose;
  }

  String channel() {
    return channel;
  }

  /** Queues a call of the listener on the dispatcher, unless one is queued already. */
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
      listener.run();
    } catch (RuntimeException e) {
      LOG.warn("A listener of channel '{}' threw; the subscription stays", channel, e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
    }
  }
}
