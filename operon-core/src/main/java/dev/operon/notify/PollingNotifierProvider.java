package dev.operon.notify;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendProvider;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Health;
import java.util.Set;

/** Opens {@code poll}: a {@link PollingChangeNotifier}, no backend needed. */
public final class PollingNotifierProvider implements BackendProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("poll");
  }

  @Override
  public Backend open(BackendUrl url, BackendOptions options) {
    Health health = Health.ok("polling every " + options.pollInterval().toMillis() + " ms, nothing to connect to");
    return new NotifierBackend(url, new PollingChangeNotifier(options), () -> health);
  }
}
