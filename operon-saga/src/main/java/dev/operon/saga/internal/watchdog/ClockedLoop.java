package dev.operon.saga.internal.watchdog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action every {@code every} of the engine's clock, on a virtual thread that looks at the
 * clock at least once a second. With a manual clock the action runs when a test moves the clock
 * past the next due time. An action that throws is logged and runs again next time.
 */
public final class ClockedLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClockedLoop.class);
  private static final Duration MAX_NAP = Duration.ofSeconds(1);

  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Starts the loop; the first run is {@code every} after now. */
  public ClockedLoop(String name, Clock clock, Duration every, Runnable action) {
    Duration nap = every.compareTo(MAX_NAP) < 0 ? every : MAX_NAP;
    this.thread = Thread.ofVirtual().name(name).start(() -> {
      Instant next = clock.instant().plus(every);
      while (stopped.getCount() > 0) {
        if (!clock.instant().isBefore(next)) {
          try {
            action.run();
          } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", name, e.toString());
          }
          next = clock.instant().plus(every);
        }
        try {
          if (stopped.await(nap.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    });
  }

  /** Stops the loop and waits for a running action to end. */
  @Override
  public void close() {
    stopped.countDown();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
