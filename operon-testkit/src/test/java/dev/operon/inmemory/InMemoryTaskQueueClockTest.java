package dev.operon.inmemory;

import static dev.operon.testkit.Eventually.eventually;
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
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void waitingFetchNoticesThatTheManualClockMadeATaskDue() throws Exception {
    ManualClock clock = new ManualClock();
    try (InMemoryTaskQueue queue = new InMemoryTaskQueue(BackendOptions.defaults().withClock(clock))) {
      queue.publish("work", new byte[] {1}, PublishOptions.delayed(Duration.ofMinutes(1)));
      CompletableFuture<List<Task>> fetched = new CompletableFuture<>();
      Thread fetcher = Thread.ofPlatform().daemon().start(() -> {
        try {
          fetched.complete(queue.fetch("work", 1, WAIT));
        } catch (RuntimeException e) {
          fetched.completeExceptionally(e);
        }
      });
      // the fetch found nothing due and waits: only then does the clock move
      eventually(WAIT, () -> assertThat(fetcher.getState()).as("state of the fetching thread")
          .isEqualTo(Thread.State.TIMED_WAITING));
      assertThat(fetched).isNotDone();
      clock.advance(Duration.ofMinutes(1));
      assertThat(fetched.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(1);
    }
  }
}
