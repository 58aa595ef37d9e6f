package dev.operon.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.OperonException;
import dev.operon.queue.Task;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.spi.Health;
import dev.operon.testkit.Services;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class NatsBackendProviderTest {
  private static final NatsStreamsCleanup CLEANUP = new NatsStreamsCleanup();

  private static BackendOptions options(String prefix) {
    CLEANUP.remember(prefix);
    return BackendOptions.defaults().withTablePrefix(prefix);
  }

  @AfterAll
  static void deleteStreams() {
    CLEANUP.deleteAll();
  }

  @Test
  void natsSchemeIsRegistered() {
    assertThat(Backends.knownSchemes()).contains("nats");
  }

  @Test
  void checkReportsServerVersionAndJetStream() {
    Services.requireNats();
    try (Backend backend = Backends.open(Services.natsUrl(), options("nb_check_" + System.nanoTime()))) {
      Health health = backend.check();
      assertThat(health.ok()).as(health.detail()).isTrue();
      assertThat(health.detail()).startsWith("NATS ").endsWith("JetStream ok");
    }
  }

  @Test
  void backendGivesAWorkingQueueAndNotifier() throws Exception {
    Services.requireNats();
    try (Backend backend = Backends.open(Services.natsUrl(), options("nb_ports_" + System.nanoTime()))) {
      backend.taskQueue().publish("jobs", "x".getBytes(StandardCharsets.UTF_8));
      List<Task> tasks = backend.taskQueue().fetch("jobs", 10, Duration.ofSeconds(5));
      assertThat(tasks).hasSize(1);
      backend.taskQueue().ack(tasks.get(0));
      CountDownLatch woken = new CountDownLatch(1);
      backend.notifier().subscribe("c", woken::countDown);
      backend.notifier().notify("c");
      assertThat(woken.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void unreachableServerFailsNamingTheUrlAndTheFix() {
    assertThatThrownBy(() -> Backends.open("nats://someone:secret@127.0.0.1:1", options("nb_down")))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.getMessage()).contains("127.0.0.1:1").contains("nats-server")
              .doesNotContain("secret");
          assertThat(e.retryable()).isTrue();
        });
  }
}
