package dev.operon.runtime;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.testkit.LogTailerContract;

class InMemoryLogTailerTest extends LogTailerContract {
  @Override
  protected Backend open(BackendOptions options) {
    return Backends.open("memory:", options);
  }
}
