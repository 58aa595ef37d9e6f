package dev.operon.spring;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a part of Operon (the saga engine's loops, the commander's readers) once the application
 * context has made every bean (the part is built without them), and stops it early when the
 * application stops: in the highest phase, so before the web server's graceful shutdown (a lower
 * phase), any lifecycle bean of a lower phase, and the data sources (closed after every phase
 * stopped). The saga engine's workers finish the steps they run for up to
 * {@code operon.saga.drain-timeout}; a step still running then, or an outbox event being processed
 * when the commander closes, runs again in this or another process once its lease or claim ends.
 */
final class OperonLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(OperonLifecycle.class);

  private final String part;
  private final Runnable start;
  private final Runnable stop;
  private final Duration drainTimeout;
  private volatile boolean running;

  /**
   * @param part what it starts and stops, for the log ("the saga engine")
   * @param drainTimeout how long to wait for {@code stop}; null: until it returns
   */
  OperonLifecycle(String part, Runnable start, Runnable stop, Duration drainTimeout) {
    this.part = part;
    this.start = start;
    this.stop = stop;
    this.drainTimeout = drainTimeout;
  }

  @Override
  public synchronized void start() {
    start.run();
    running = true;
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    if (drainTimeout == null) {
      stop.run();
      return;
    }
    Thread stopping = Thread.ofPlatform().name("operon-stop").start(stop);
    try {
      if (!stopping.join(drainTimeout)) {
        LOG.warn("{} did not stop within {} (operon.saga.drain-timeout); what it was still running is run again once"
            + " its lease ends", part, drainTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
