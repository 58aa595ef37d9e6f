package dev.operon.notify;

import dev.operon.spi.BackendOptions;

/**
 * The in-process {@link ChangeNotifier}: a notify wakes, at once, the subscribers of every local
 * notifier on the same {@link LocalBus}. Nothing crosses the JVM; for several processes use a
 * notifier of a shared backend (PostgreSQL, Redis, NATS, a shared directory) or polling.
 */
public final class LocalChangeNotifier implements ChangeNotifier {
  private final LocalBus bus;
  private final ChannelListeners listeners;

  /** A notifier on the JVM-wide bus. */
  public LocalChangeNotifier(BackendOptions options) {
    this(LocalBus.jvm(), options);
  }

  /** A notifier on {@code bus}. */
  public LocalChangeNotifier(LocalBus bus, BackendOptions options) {
    this.bus = bus;
    this.listeners = new ChannelListeners("operon-notify-local-" + options.hostId());
    bus.join(listeners);
  }

  @Override
  public void notify(String channel) {
    bus.publish(ChannelNames.require(channel));
  }

  @Override
  public Subscription subscribe(String channel, Runnable listener) {
    ChannelNames.require(channel);
    return listeners.add(channel, java.util.Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    bus.leave(listeners);
    listeners.close();
  }
}
