package dev.operon.saga;

import java.util.List;

/**
 * The engine's watchdog: a stall detector, a deadlock detector, a health detector
 * with a circuit breaker, and a capacity detector, run every {@link WatchdogSettings#interval()}
 * of the engine's clock on engines with workers. Get it from {@link SagaEngine#watchdog()}.
 */
public interface SagaWatchdog {
  /** What the last round found (empty before the first round, or when all is well). */
  List<WatchdogFinding> findings();

  /** Runs one round now, acting on what it finds as a background round would; returns its findings. */
  List<WatchdogFinding> check();

  /** The circuit breaker's state at the engine clock's current time. */
  CircuitState circuit();
}
