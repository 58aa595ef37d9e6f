package dev.operon.saga;

import dev.operon.runtime.ManualClock;

class InMemorySagaCrashTest extends SagaCrashContract {
  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.memory(clock);
  }
}
