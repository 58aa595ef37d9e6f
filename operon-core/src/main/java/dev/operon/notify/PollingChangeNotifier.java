package dev.operon.notify;

import dev.operon.spi.BackendOptions;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ChangeNotifier} that needs no backend: it wakes every subscriber of every channel once
 * per {@link BackendOptions#pollInterval()}, so readers on other hosts find new work within one
 * interval; a notify on this notifier wakes its own subscribers at once, and reaches nobody else
 * ({@link #pushesWakeUps()} is false). Channels are not isolated: a poll wakes them all.
 */
public final class PollingChangeNotifier implements ChangeNotifier {
  private final ChannelListeners listeners;
  private final ScheduledExecutorService ticker;

  /** A notifier that wakes its subscribers every {@code options.pollInterval()}. */
  public PollingChangeNotifier(BackendOptions options) {
    this.listeners = new ChannelListeners("operon-notify-poll-" + options.hostId());
    this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "operon-notify-poll-tick-" + options.hostId());
      thread.setDaemon(true);
      return thread;
    });
    long millis = Math.max(1, options.pollInterval().toMillis());
    ticker.scheduleWithFixedDelay(listeners::wakeAll, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void notify(String channel) {
    listeners.wake(ChannelNames.require(channel));
  }

  @Override
  public Subscription subscribe(String channel, Runnable listener) {
    ChannelNames.require(channel);
    return listeners.add(channel, Objects.requireNonNull(listener, "listener"));
  }

  /** False: other hosts learn of a notify only by their own poll, within one poll interval. */
  @Override
  public boolean pushesWakeUps() {
    return false;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    listeners.close();
  }
}
