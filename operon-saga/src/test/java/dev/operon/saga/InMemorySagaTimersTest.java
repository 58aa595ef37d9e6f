package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import dev.operon.saga.SagaBackendTest.Ports;

class InMemorySagaTimersTest extends SagaTimersContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
