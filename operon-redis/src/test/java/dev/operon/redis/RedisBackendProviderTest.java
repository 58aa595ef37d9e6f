package dev.operon.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.OperonException;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.spi.Health;
import dev.operon.testkit.Services;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisBackendProviderTest {
  private static final BackendOptions OPTIONS = BackendOptions.defaults().withTablePrefix("rb_test");

  @Test
  void redisSchemeIsRegistered() {
    assertThat(Backends.knownSchemes()).contains("redis");
  }

  @Test
  void checkReportsTheRedisVersion() {
    Services.requireRedis();
    try (Backend backend = Backends.open(Services.redisUrl(), OPTIONS)) {
      Health health = backend.check();
      assertThat(health.ok()).as(health.detail()).isTrue();
      assertThat(health.detail()).matches("Redis \\d+\\.\\d+.*, pub/sub ok");
    }
  }

  @Test
  void backendGivesAWorkingNotifier() throws Exception {
    Services.requireRedis();
    try (Backend backend = Backends.open(Services.redisUrl(), OPTIONS)) {
      CountDownLatch woken = new CountDownLatch(1);
      backend.notifier().subscribe("c", woken::countDown);
      backend.notifier().notify("c");
      assertThat(woken.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void unreachableServerFailsNamingTheUrlAndTheFix() {
    assertThatThrownBy(() -> Backends.open("redis://:secret@127.0.0.1:1", OPTIONS))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.getMessage()).contains("127.0.0.1:1").contains("redis-server")
              .doesNotContain("secret");
          assertThat(e.retryable()).isTrue();
        });
  }
}
