package dev.operon.inmemory;

import dev.operon.spi.BackendOptions;
import dev.operon.testkit.TimerStoreContract;
import dev.operon.timer.TimerStore;

class InMemoryTimerStoreTest extends TimerStoreContract {
  @Override
  protected TimerStore open(BackendOptions options) {
    return new InMemoryTimerStore(options);
  }
}
