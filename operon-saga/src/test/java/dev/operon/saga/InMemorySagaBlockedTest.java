package dev.operon.saga;

import dev.operon.runtime.ManualClock;

class InMemorySagaBlockedTest extends SagaBlockedContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
