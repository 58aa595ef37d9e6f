package dev.operon.saga;

import dev.operon.saga.SagaEngineContract.Ports;
import dev.operon.testkit.ManualClock;

class InMemorySagaTimersTest extends SagaTimersContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaBackends.inMemory(clock);
  }
}
