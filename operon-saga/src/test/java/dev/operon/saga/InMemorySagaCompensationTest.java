package dev.operon.saga;

import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.inmemory.InMemoryTaskQueue;
import dev.operon.inmemory.InMemoryTimerStore;
import dev.operon.saga.SagaEngineContract.Ports;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ManualClock;

class InMemorySagaCompensationTest extends SagaCompensationContract {
  @Override
  protected Ports open(ManualClock clock) {
    BackendOptions options = BackendOptions.defaults().withClock(clock);
    return new Ports(new InMemoryEventStore(options), new InMemoryTaskQueue(options),
        new InMemoryTimerStore(options), () -> { });
  }
}
