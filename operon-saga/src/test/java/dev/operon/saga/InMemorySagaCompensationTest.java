package dev.operon.saga;

import dev.operon.runtime.ManualClock;

class InMemorySagaCompensationTest extends SagaCompensationContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
