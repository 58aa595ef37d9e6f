package dev.operon.runtime;

import dev.operon.error.OperonException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action every {@code every} of a {@link Clock}, on a virtual thread of its own: the
 * periodic work of a capability (a reconciler, a watchdog, a log tailer's poll).
 *
 * <p>Time is the clock's, not the wall's: the thread looks at the clock at least once a second (or
 * every {@code every}, if that is shorter), and runs the action once the clock has passed the next
 * due time. With a manual clock the action runs when a test moves the clock past it, within a
 * second of real time. {@link #wake()} runs the action at once instead of at its due time (for a
 * notification that new work is there); wake-ups that arrive while the action runs make it run once
 * more afterwards, never several times. The next run is due {@code every} after the clock's time
 * when the last one started (at once, if the action took longer).
 *
 * <p>An action that throws is logged and runs again at its next due time. {@link #close()} stops
 * the loop and waits for a running action to end.
 */
public final class ClockedLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClockedLoop.class);
  private static final Duration MAX_NAP = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final String name;
  private final Clock clock;
  private final Duration every;
  private final double jitter;
  private final Runnable action;
  private final Semaphore wakeUps = new Semaphore(0);
  private final Thread thread;
  private volatile boolean stopped;

  /**
   * Starts the loop; the first run is {@code every} after now (or at once after {@link #wake()}).
   *
   * @param name the name of the loop's thread, and of the loop in log lines
   * @param every the period, positive
   */
  public ClockedLoop(String name, Clock clock, Duration every, Runnable action) {
    this(name, clock, every, 0, action);
  }

  /**
   * Starts the loop with each period stretched or shrunk by a random fraction of at most
   * {@code jitter} (0 to 0.5), so that loops of many processes started together drift apart
   * instead of polling a database at the same instants.
   */
  public ClockedLoop(String name, Clock clock, Duration every, double jitter, Runnable action) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.every = Objects.requireNonNull(every, "every");
    this.action = Objects.requireNonNull(action, "action");
    if (!every.isPositive()) {
      throw OperonException.invalid("The period of loop '" + name + "' must be positive, was " + every);
    }
    if (!(jitter >= 0 && jitter <= 0.5)) {
      throw OperonException.invalid("The jitter of loop '" + name + "' must be between 0 and 0.5, was " + jitter);
    }
    this.jitter = jitter;
    Instant first = clock.instant().plus(period());
    this.thread = Thread.ofVirtual().name(name).start(() -> loop(first));
  }

  /** Runs the action as soon as possible (at once if it is idle, once more if it is running). */
  public void wake() {
    wakeUps.release();
  }

  private void loop(Instant first) {
    long napMillis = Math.max(1, (every.compareTo(MAX_NAP) < 0 ? every : MAX_NAP).toMillis());
    Instant next = first;
    boolean woken = false;
    while (!stopped) {
      Instant now = clock.instant();
      if (woken || !now.isBefore(next)) {
        wakeUps.drainPermits();
        next = now.plus(period());
        runAction();
      }
      try {
        woken = wakeUps.tryAcquire(napMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The period, stretched or shrunk by the jitter. */
  private Duration period() {
    if (jitter == 0) {
      return every;
    }
    double factor = 1 + jitter * (2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble() - 1);
    return Duration.ofNanos(Math.max(1, Math.round(every.toNanos() * factor)));
  }

  private void runAction() {
    if (stopped) {
      return;
    }
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("{} failed: {}", name, e.toString());
    }
  }

  /** Stops the loop and waits (up to 10 s) for a running action to end. */
  @Override
  public void close() {
    stopped = true;
    wakeUps.release();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
