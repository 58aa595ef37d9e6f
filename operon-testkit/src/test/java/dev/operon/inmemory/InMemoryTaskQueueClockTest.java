package dev.operon.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.queue.PublishOptions;
import dev.operon.queue.Task;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.BackendOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What only the in-memory queue promises: a waiting fetch notices the manual clock moving. */
class InMemoryTaskQueueClockTest {
  @Test
  void waitingFetchNoticesThatTheManualClockMadeATaskDue() throws Exception {
    ManualClock clock = new ManualClock();
    try (InMemoryTaskQueue queue = new InMemoryTaskQueue(BackendOptions.defaults().withClock(clock))) {
      queue.publish("work", new byte[] {1}, PublishOptions.delayed(Duration.ofMinutes(1)));
      CompletableFuture<List<Task>> fetched =
          CompletableFuture.supplyAsync(() -> queue.fetch("work", 1, Duration.ofSeconds(20)));
      Thread.sleep(100);
      clock.advance(Duration.ofMinutes(1));
      assertThat(fetched.get(20, TimeUnit.SECONDS)).hasSize(1);
    }
  }
}
