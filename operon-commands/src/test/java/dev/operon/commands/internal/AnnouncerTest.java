package dev.operon.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import dev.operon.testkit.Eventually;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Announcing commits: the committer never waits, and a burst costs at most two notifications. */
class AnnouncerTest {

  @Test
  void aBurstOfCommitsCostsTheNotificationInFlightAndOneMore() throws Exception {
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ChangeNotifier slow = new ChangeNotifier() {
      @Override
      public void notify(String channel) {
        if (sent.incrementAndGet() == 1) {
          firstStarted.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }

      @Override
      public Subscription subscribe(String channel, Runnable listener) {
        return () -> {};
      }
    };
    Announcer announcer = new Announcer(slow, "operon.oplog");

    announcer.announce();
    firstStarted.await();
    for (int i = 0; i < 1_000; i++) {
      announcer.announce();
    }
    release.countDown();

    Eventually.eventually(Duration.ofSeconds(5), () -> assertThat(sent).hasValue(2));
    announcer.announce();
    Eventually.eventually(Duration.ofSeconds(5), () -> assertThat(sent).hasValue(3));
  }
}
