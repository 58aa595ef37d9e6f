package dev.operon.nats;

import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Services;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers the prefixes a test class used and deletes their streams afterwards. */
final class NatsStreamsCleanup {
  private final Set<String> prefixes = ConcurrentHashMap.newKeySet();

  void remember(String prefix) {
    prefixes.add(prefix);
  }

  void deleteAll() {
    if (prefixes.isEmpty() || !Services.reachable(4222)) {
      return;
    }
    for (String prefix : prefixes) {
      BackendOptions options = BackendOptions.defaults().withTablePrefix(prefix);
      try (NatsTaskQueue queue = NatsTaskQueue.open(BackendUrl.parse(Services.natsUrl()), options)) {
        queue.deleteStreams();
      }
    }
    prefixes.clear();
  }
}
