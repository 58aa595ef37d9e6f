package dev.operon.notify;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Connects {@link LocalChangeNotifier}s inside one JVM: a notify on any of them wakes the
 * subscribers of all of them. {@link #jvm()} is the bus of the whole JVM; a new bus is a separate
 * group (tests use one per simulated backend).
 */
public final class LocalBus {
  private static final LocalBus JVM = new LocalBus();

  private final Set<ChannelListeners> members = new CopyOnWriteArraySet<>();

  /** The bus shared by every local notifier of this JVM that does not name another one. */
  public static LocalBus jvm() {
    return JVM;
  }

  void join(ChannelListeners listeners) {
    members.add(listeners);
  }

  void leave(ChannelListeners listeners) {
    members.remove(listeners);
  }

  void publish(String channel) {
    members.forEach(m -> m.wake(channel));
  }
}
