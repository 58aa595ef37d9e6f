package dev.operon.saga;

import dev.operon.nats.NatsTaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Services;
import java.util.ArrayList;
import java.util.List;

/**
 * NATS JetStream task queues for the saga tests: one set of streams per test, under a prefix
 * unique to the test class and run; {@link #deleteAll()} removes them after the class.
 */
final class NatsQueues {
  private final String classPrefix;
  private final List<String> prefixes = new ArrayList<>();

  /** Queues named after {@code classTag} (short, letters and digits) and this run. */
  NatsQueues(String classTag) {
    this.classPrefix = "saga_" + classTag + "_" + Long.toString(System.nanoTime(), 36) + "_";
  }

  /** A queue on fresh, empty streams. */
  synchronized NatsTaskQueue openFresh() {
    String prefix = classPrefix + (prefixes.size() + 1);
    prefixes.add(prefix);
    return open(prefix);
  }

  /** The queue {@link #openFresh()} opened last, opened again (as after a restart). */
  synchronized NatsTaskQueue reopenLast() {
    return open(prefixes.get(prefixes.size() - 1));
  }

  /** Deletes the streams of every queue this opened. */
  synchronized void deleteAll() {
    if (!Services.reachable(4222)) {
      return;
    }
    for (String prefix : prefixes) {
      try (NatsTaskQueue queue = open(prefix)) {
        queue.deleteStreams();
      }
    }
    prefixes.clear();
  }

  private static NatsTaskQueue open(String prefix) {
    Services.requireNats();
    return NatsTaskQueue.open(BackendUrl.parse(Services.natsUrl()), BackendOptions.defaults().withTablePrefix(prefix));
  }
}
