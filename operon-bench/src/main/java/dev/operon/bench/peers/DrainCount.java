package dev.operon.bench.peers;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the tasks a drain executed, and lets the measuring thread wait until the last one (or the
 * first failure of a consumer, which it rethrows).
 */
final class DrainCount {
  private final String what;
  private final int expected;
  private final AtomicInteger executed = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch done = new CountDownLatch(1);

  DrainCount(String what, int expected) {
    this.what = what;
    this.expected = expected;
  }

  /** Records {@code tasks} more executed tasks. */
  void add(int tasks) {
    if (executed.addAndGet(tasks) >= expected) {
      done.countDown();
    }
  }

  /** Stops the wait with {@code cause}: a consumer failed. */
  void fail(Throwable cause) {
    failure.compareAndSet(null, cause);
    done.countDown();
  }

  /** Ends the wait and tells the consumers to stop, whether or not every task was executed. */
  void stop() {
    done.countDown();
  }

  /** Whether the drain is over: every task executed, a consumer failed, or it was stopped. */
  boolean finished() {
    return done.getCount() == 0;
  }

  /** Waits until every task was executed; throws with the count if a consumer failed or time ran out. */
  void await(Duration timeout) throws InterruptedException {
    if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%s executed %,d of %,d tasks in %d s",
          what, executed.get(), expected, timeout.toSeconds()));
    }
    Throwable cause = failure.get();
    if (cause != null) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%s failed after %,d of %,d tasks: %s",
          what, executed.get(), expected, cause.getMessage()), cause);
    }
  }
}
