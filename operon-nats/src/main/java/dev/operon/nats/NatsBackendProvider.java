package dev.operon.nats;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendProvider;
import dev.operon.spi.BackendUrl;
import java.util.Set;

/** Opens {@code nats://host:port} URLs: a JetStream task queue and a NATS change notifier. */
public final class NatsBackendProvider implements BackendProvider {

  /** The scheme {@code nats}. */
  @Override
  public Set<String> schemes() {
    return Set.of("nats");
  }

  /** Connects at once; an unreachable server fails fast with the command that starts one. */
  @Override
  public Backend open(BackendUrl url, BackendOptions options) {
    return new NatsBackend(url, options);
  }
}
