package dev.operon.nats;

import dev.operon.notify.ChangeNotifier;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Capabilities;
import dev.operon.testkit.ChangeNotifierContract;
import dev.operon.testkit.Services;

/** The change notifier contract on core NATS pub/sub. */
class NatsChangeNotifierContractTest extends ChangeNotifierContract {

  @Override
  protected ChangeNotifier open(BackendOptions options) {
    Services.requireNats();
    return NatsChangeNotifier.open(BackendUrl.parse(Services.natsUrl()), options);
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().withManualClock(false);
  }
}
