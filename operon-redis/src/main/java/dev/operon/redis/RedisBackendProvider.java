package dev.operon.redis;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendProvider;
import dev.operon.spi.BackendUrl;
import java.util.Set;

/** Opens {@code redis://host:port} URLs: a Redis pub/sub change notifier. */
public final class RedisBackendProvider implements BackendProvider {

  /** The scheme {@code redis}. */
  @Override
  public Set<String> schemes() {
    return Set.of("redis");
  }

  /** Connects at once; an unreachable server fails fast with the command that starts one. */
  @Override
  public Backend open(BackendUrl url, BackendOptions options) {
    return new RedisBackend(url, options);
  }
}
