package dev.operon.notify;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Health;
import java.util.function.Supplier;

/** A backend that provides only a change notifier. */
final class NotifierBackend implements Backend {
  private final BackendUrl url;
  private final ChangeNotifier notifier;
  private final Supplier<Health> health;

  NotifierBackend(BackendUrl url, ChangeNotifier notifier, Supplier<Health> health) {
    this.url = url;
    this.notifier = notifier;
    this.health = health;
  }

  @Override
  public BackendUrl url() {
    return url;
  }

  @Override
  public Health check() {
    return health.get();
  }

  @Override
  public ChangeNotifier notifier() {
    return notifier;
  }

  @Override
  public void close() {
    notifier.close();
  }
}
