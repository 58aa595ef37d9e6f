package dev.operon.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.queue.PublishOptions;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.TaskQueueContract;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryTaskQueueTest extends TaskQueueContract {
  @Override
  protected TaskQueue open(BackendOptions options) {
    return new InMemoryTaskQueue(options);
  }

  @Test
  void waitingFetchNoticesThatTheManualClockMadeATaskDue() throws Exception {
    TaskQueue queue = queue();
    queue.publish(Q, bytes("later"), PublishOptions.delayed(Duration.ofMinutes(1)));
    CompletableFuture<List<Task>> fetched = CompletableFuture.supplyAsync(() -> queue.fetch(Q, 1, DEADLINE));
    pause(Duration.ofMillis(100));
    clock.advance(Duration.ofMinutes(1));
    assertThat(fetched.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).hasSize(1);
  }
}
