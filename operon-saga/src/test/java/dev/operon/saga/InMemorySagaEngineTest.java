package dev.operon.saga;

import dev.operon.runtime.ManualClock;

class InMemorySagaEngineTest extends SagaFeaturesContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
