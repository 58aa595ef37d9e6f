package dev.operon.saga;

import dev.operon.saga.SagaBackendTest.Ports;
import dev.operon.testkit.ManualClock;

class InMemorySagaInputTest extends SagaInputContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
