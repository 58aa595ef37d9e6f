package dev.operon.inmemory;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.testkit.CheckpointsContract;

class InMemoryCheckpointsTest extends CheckpointsContract {
  @Override
  protected Backend open(BackendOptions options) {
    return Backends.open("memory:", options);
  }

  /** Each in-memory backend starts empty. */
  @Override
  protected boolean persistent() {
    return false;
  }
}
