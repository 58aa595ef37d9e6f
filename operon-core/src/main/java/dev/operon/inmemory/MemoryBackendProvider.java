package dev.operon.inmemory;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendProvider;
import dev.operon.spi.BackendUrl;
import java.util.Set;

/**
 * Opens {@code memory:} and {@code local}: every port in this JVM's memory, and the in-process
 * notifier. Each open is a new, empty backend.
 */
public final class MemoryBackendProvider implements BackendProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("memory", "local");
  }

  @Override
  public Backend open(BackendUrl url, BackendOptions options) {
    return new MemoryBackend(url, options);
  }
}
