package dev.operon.notify;

import dev.operon.spi.BackendOptions;
import dev.operon.testkit.Capabilities;
import dev.operon.testkit.ChangeNotifierContract;

class PollingChangeNotifierTest extends ChangeNotifierContract {
  @Override
  protected ChangeNotifier open(BackendOptions options) {
    return new PollingChangeNotifier(options);
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().withChannelIsolation(false);
  }
}
