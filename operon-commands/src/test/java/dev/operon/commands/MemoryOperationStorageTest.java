package dev.operon.commands;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;

/** Persistent operations on the in-memory backend. */
class MemoryOperationStorageTest extends EventLogContract {
  @Override
  protected Backend open() {
    return Backends.open("memory:", BackendOptions.defaults().withClock(clock));
  }
}
