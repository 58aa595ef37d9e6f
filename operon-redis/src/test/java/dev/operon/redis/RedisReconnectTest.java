package dev.operon.redis;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Services;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lettuce reconnects a killed pub/sub connection and re-subscribes its channels by itself. */
class RedisReconnectTest {

  @Test
  void subscriptionSurvivesAKilledConnection() throws Exception {
    Services.requireRedis();
    BackendUrl url = BackendUrl.parse(Services.redisUrl());
    BackendOptions options = BackendOptions.defaults().withTablePrefix("rr_" + System.nanoTime());
    AtomicInteger woken = new AtomicInteger();
    try (RedisChangeNotifier a = RedisChangeNotifier.open(url, options.withHostId("host-a"));
        RedisChangeNotifier b = RedisChangeNotifier.open(url, options.withHostId("host-b"))) {
      b.subscribe("orders", woken::incrementAndGet);
      killPubSubConnections(url);
      // a notify sent while the connection is down is lost: notify again until one arrives
      eventually(Duration.ofSeconds(20), () -> {
        a.notify("orders");
        assertThat(woken.get()).as("wake-ups after the pub/sub connection was killed").isPositive();
      });
    }
  }

  private static void killPubSubConnections(BackendUrl url) {
    RedisClient admin = RedisConnector.client(url);
    try (StatefulRedisConnection<String, String> connection = admin.connect()) {
      assertThat(connection.sync().clientKill(KillArgs.Builder.typePubsub())).isPositive();
    } finally {
      admin.shutdown();
    }
  }
}
