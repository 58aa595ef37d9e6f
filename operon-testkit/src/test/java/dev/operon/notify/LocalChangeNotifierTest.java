package dev.operon.notify;

import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ChangeNotifierContract;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Two notifiers of one test share a bus, as two hosts share a backend. */
class LocalChangeNotifierTest extends ChangeNotifierContract {
  private final Map<String, LocalBus> busByPrefix = new ConcurrentHashMap<>();

  @Override
  protected ChangeNotifier open(BackendOptions options) {
    return new LocalChangeNotifier(busByPrefix.computeIfAbsent(options.tablePrefix(), p -> new LocalBus()), options);
  }
}
