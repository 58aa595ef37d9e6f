package dev.operon.redis;

import dev.operon.notify.ChangeNotifier;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Capabilities;
import dev.operon.testkit.ChangeNotifierContract;
import dev.operon.testkit.Services;

/** The change notifier contract on Redis pub/sub. */
class RedisChangeNotifierContractTest extends ChangeNotifierContract {

  @Override
  protected ChangeNotifier open(BackendOptions options) {
    Services.requireRedis();
    return RedisChangeNotifier.open(BackendUrl.parse(Services.redisUrl()), options);
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().withManualClock(false);
  }
}
