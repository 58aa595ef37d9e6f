package dev.operon.jdbc.notify;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.dialect.Dialects;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Services;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PostgresNotifierReconnectTest {

  private static PostgresChangeNotifier open(String hostId, String prefix) {
    BackendUrl url = BackendUrl.parse(Services.postgresUrl());
    Dialect dialect = Dialects.of(url);
    BackendOptions options = BackendOptions.defaults().withHostId(hostId).withTablePrefix(prefix);
    return new PostgresChangeNotifier(dialect.jdbcUrl(), dialect.driverProperties(), url.redacted(), options);
  }

  @Test
  void afterALostConnectionItListensAgain() throws Exception {
    Services.requirePostgres();
    String prefix = "reconnect" + System.nanoTime() % 100000 + "_";
    try (PostgresChangeNotifier a = open("host-a", prefix); PostgresChangeNotifier b = open("host-b", prefix)) {
      AtomicInteger woken = new AtomicInteger();
      a.subscribe("orders", woken::incrementAndGet);
      a.simulateConnectionLoss();
      awaitCount(woken, 1); // the reconnect wakes every subscriber: notifications may have been missed
      b.notify("orders");
      awaitCount(woken, 2);
      assertThat(ChannelHash.of(prefix, "x".repeat(200))).hasSizeLessThanOrEqualTo(63);
    }
  }

  private static void awaitCount(AtomicInteger count, int n) {
    eventually(Duration.ofSeconds(20), () -> assertThat(count.get()).as("wake-ups").isGreaterThanOrEqualTo(n));
  }
}
