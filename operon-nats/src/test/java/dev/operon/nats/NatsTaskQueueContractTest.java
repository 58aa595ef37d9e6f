package dev.operon.nats;

import dev.operon.queue.TaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Capabilities;
import dev.operon.testkit.Services;
import dev.operon.testkit.TaskQueueContract;
import org.junit.jupiter.api.AfterAll;

/** The task queue contract on NATS JetStream: real time, dedup within JetStream's window. */
class NatsTaskQueueContractTest extends TaskQueueContract {
  private static final NatsStreamsCleanup CLEANUP = new NatsStreamsCleanup();

  @Override
  protected TaskQueue open(BackendOptions options) {
    Services.requireNats();
    CLEANUP.remember(options.tablePrefix());
    return NatsTaskQueue.open(BackendUrl.parse(Services.natsUrl()), options);
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().withManualClock(false).withExactDedup(false);
  }

  @AfterAll
  static void deleteStreams() {
    CLEANUP.deleteAll();
  }
}
