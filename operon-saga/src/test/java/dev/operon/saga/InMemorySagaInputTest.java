package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import dev.operon.saga.SagaBackendTest.Ports;

class InMemorySagaInputTest extends SagaInputContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
