package dev.operon.saga;

import dev.operon.runtime.ManualClock;

class InMemorySagaVisibilityTest extends SagaVisibilityContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
