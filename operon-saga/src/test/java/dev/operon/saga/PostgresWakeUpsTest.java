package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.notify.ChangeNotifier;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two engines on one PostgreSQL, each with a backend of its own as two processes would have, hear
 * of each other through the backend's notifier (LISTEN/NOTIFY): a publish is announced to the
 * other's fetchers, a saga's end to the other's result waiters.
 */
class PostgresWakeUpsTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  private final BackendOptions options = BackendOptions.defaults().withTablePrefix("wake_");
  private Backend first;
  private Backend second;
  private Backend observer;

  @BeforeEach
  void open() {
    first = Backends.open(SCHEMA.url(), options.withHostId("first"));
    second = Backends.open(SCHEMA.url(), options.withHostId("second"));
    observer = Backends.open(SCHEMA.url(), options.withHostId("observer"));
  }

  @AfterEach
  void close() {
    for (Backend backend : List.of(first, second, observer)) {
      backend.close();
    }
  }

  @Test
  void aPublishIsAnnouncedToTheFetchersOfOtherProcesses() throws Exception {
    CountDownLatch announced = heard(observer.notifier(), "operon.queue.orders");
    TaskQueue publisher = first.taskQueue();
    TaskQueue fetcher = second.taskQueue();
    publisher.wakeUpsVia(first.notifier());
    fetcher.wakeUpsVia(second.notifier());
    CompletableFuture<List<Task>> fetched = CompletableFuture.supplyAsync(
        () -> fetcher.fetch("orders", 1, Duration.ofSeconds(20)));

    publisher.publish("orders", "o-1".getBytes(StandardCharsets.UTF_8));

    assertThat(announced.await(10, TimeUnit.SECONDS)).as("the publish was announced on the queue's channel").isTrue();
    assertThat(fetched.get(20, TimeUnit.SECONDS)).extracting(t -> new String(t.payload(), StandardCharsets.UTF_8))
        .containsExactly("o-1");
  }

  @Test
  void aSagasEndIsAnnouncedToTheResultWaitersOfOtherEngines() throws Exception {
    CountDownLatch announced = heard(observer.notifier(), "operon.saga.ended");
    try (SagaEngine worker = SagaEngine.builder().backend(first).activities(new Greet()).workflows(new Hello())
            .workers(1).build();
        SagaEngine client = SagaEngine.builder().backend(second).activities(new Greet()).workflows(new Hello())
            .workers(0).timerPoll(Duration.ZERO).build()) {
      String sagaId = client.start(Hello.class, "Ada", null).id();

      assertThat(client.handle(sagaId).result(Duration.ofSeconds(20))).isEqualTo("hello Ada");
      assertThat(worker.describe(sagaId).state()).isEqualTo(SagaState.COMPLETED);
      assertThat(announced.await(10, TimeUnit.SECONDS)).as("the end was announced on the ends channel").isTrue();
    }
  }

  private static CountDownLatch heard(ChangeNotifier notifier, String channel) {
    CountDownLatch latch = new CountDownLatch(1);
    notifier.subscribe(channel, latch::countDown);
    return latch;
  }

  /** Greets. */
  record Greet() implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String name) {
      return "hello " + name;
    }
  }

  /** One step: greet. */
  static final class Hello implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String name) {
      return ctx.activity(Greet.class, name);
    }
  }
}
