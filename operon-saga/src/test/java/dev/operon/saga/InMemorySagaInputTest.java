package dev.operon.saga;

import dev.operon.saga.SagaBackendTest.Ports;
import dev.operon.runtime.ManualClock;

class InMemorySagaInputTest extends SagaInputContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
