package dev.operon.nats;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.queue.DeadLetter;
import dev.operon.queue.QueueSettings;
import dev.operon.queue.Task;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Services;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Two queue instances on separate connections stand for two processes sharing the streams. */
class NatsTaskQueueAcrossProcessesTest {
  private static final NatsStreamsCleanup CLEANUP = new NatsStreamsCleanup();
  private static final Duration ACK_WAIT = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final byte[] PAYLOAD = "p".getBytes(StandardCharsets.UTF_8);

  @AfterAll
  static void deleteStreams() {
    CLEANUP.deleteAll();
  }

  private static NatsTaskQueue open(String prefix) {
    Services.requireNats();
    CLEANUP.remember(prefix);
    BackendOptions options = BackendOptions.defaults().withTablePrefix(prefix)
        .withQueue(new QueueSettings(ACK_WAIT, 2));
    return NatsTaskQueue.open(BackendUrl.parse(Services.natsUrl()), options);
  }

  @Test
  void aTaskFetchedByOneProcessCanBeAckedByAnother() {
    String prefix = "xp_ack_" + System.nanoTime();
    try (NatsTaskQueue first = open(prefix); NatsTaskQueue second = open(prefix)) {
      first.publish("q", PAYLOAD);
      Task task = first.fetch("q", 1, Duration.ofSeconds(5)).get(0);
      second.ack(task);
      assertThat(second.stats("q").depth()).isZero();
      assertThat(first.fetch("q", 1, ACK_WAIT.multipliedBy(2))).isEmpty();
    }
  }

  @Test
  void aTaskWhoseLastDeliveryDiedWithItsProcessIsDeadLetteredByTheNextFetch() {
    String prefix = "xp_dlq_" + System.nanoTime();
    try (NatsTaskQueue survivor = open(prefix)) {
      String id = survivor.publish("q", PAYLOAD);
      try (NatsTaskQueue doomed = open(prefix)) {
        assertThat(fetchOne(doomed).delivery()).isEqualTo(1);
        assertThat(fetchOne(doomed).delivery()).isEqualTo(2);
      }
      List<Task> fetched = new ArrayList<>();
      // once the dead process's ack wait ran out, a fetch finds the task out of deliveries
      eventually(WAIT, () -> {
        fetched.addAll(survivor.fetch("q", 10, Duration.ofMillis(200)));
        assertThat(survivor.stats("q").deadLetters()).as("dead letters").isPositive();
      });
      assertThat(fetched).as("tasks handed out past max deliveries").isEmpty();
      List<DeadLetter> dead = survivor.deadLetters("q", 10);
      assertThat(dead).extracting(DeadLetter::id).containsExactly(id);
      assertThat(dead.get(0).deliveries()).isEqualTo(2);
      assertThat(dead.get(0).reason()).contains("max deliveries");
      assertThat(survivor.stats("q").depth()).isZero();
    }
  }

  private static Task fetchOne(NatsTaskQueue queue) {
    return eventually(WAIT, () -> {
      List<Task> tasks = queue.fetch("q", 1, Duration.ofMillis(200));
      assertThat(tasks).as("tasks fetched").isNotEmpty();
      return tasks.get(0);
    });
  }
}
