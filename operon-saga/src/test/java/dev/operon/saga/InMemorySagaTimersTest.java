package dev.operon.saga;

import dev.operon.saga.SagaBackendTest.Ports;
import dev.operon.runtime.ManualClock;

class InMemorySagaTimersTest extends SagaTimersContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
