package dev.operon.spring;

import dev.operon.saga.SagaEngine;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the saga engine's loops once the application context has made every bean (the engine
 * bean is built without them), and stops the engine early when the application stops: in the highest phase, so before the web
 * server's graceful shutdown (a lower phase), any lifecycle bean of a lower phase, and the data
 * sources (closed after every phase stopped). Its workers finish the steps they run, for up to
 * {@code operon.saga.drain-timeout}; a step still running then is run again by a worker of this or
 * another process once its lease ends.
 */
final class SagaEngineLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SagaEngineLifecycle.class);

  private final SagaEngine engine;
  private final Duration drainTimeout;
  private volatile boolean running;

  SagaEngineLifecycle(SagaEngine engine, Duration drainTimeout) {
    this.engine = engine;
    this.drainTimeout = drainTimeout;
  }

  /** Starts the engine's loops, once the context has made every bean (an engine started already stays as it is). */
  @Override
  public void start() {
    engine.startWorkers();
    running = true;
  }

  @Override
  public void stop() {
    if (!running) {
      return;
    }
    running = false;
    Thread closing = Thread.ofPlatform().name("operon-saga-engine-stop").start(engine::close);
    try {
      if (!closing.join(drainTimeout)) {
        LOG.warn("The saga engine did not stop within {} (operon.saga.drain-timeout); the steps still running"
            + " are run again once their leases end", drainTimeout);
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
