package dev.operon.saga;

import dev.operon.nats.NatsTaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Services;

/**
 * NATS JetStream task queues for the saga tests: one stream per test under a prefix unique to the
 * test class and run, deleted when the test's ports close.
 */
final class NatsQueues {
  private final String classPrefix;
  private int tests;

  /** Queues named after {@code classTag} (short, letters and digits) and this run. */
  NatsQueues(String classTag) {
    this.classPrefix = "saga_" + classTag + "_" + Long.toString(System.nanoTime(), 36) + "_";
  }

  /** A queue on fresh, empty streams; closing it deletes them. */
  NatsTaskQueue open() {
    Services.requireNats();
    BackendOptions options = BackendOptions.defaults().withTablePrefix(classPrefix + (++tests));
    return NatsTaskQueue.open(BackendUrl.parse(Services.natsUrl()), options);
  }

  /** Deletes the streams of {@code queue} and closes it. */
  static void delete(NatsTaskQueue queue) {
    try (queue) {
      queue.deleteStreams();
    }
  }
}
