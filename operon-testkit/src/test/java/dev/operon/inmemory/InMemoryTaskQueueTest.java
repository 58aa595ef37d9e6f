package dev.operon.inmemory;

import dev.operon.queue.TaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.TaskQueueContract;

class InMemoryTaskQueueTest extends TaskQueueContract {
  @Override
  protected TaskQueue open(BackendOptions options) {
    return new InMemoryTaskQueue(options);
  }
}
