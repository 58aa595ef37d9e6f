package dev.operon.spring;

import dev.operon.queue.QueueStats;
import dev.operon.saga.CircuitState;
import dev.operon.saga.SagaEngine;
import dev.operon.spi.Health;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Operon's health: each backend (store, queue, notify) checked now, and the saga engine's watchdog
 * circuit and queues. DOWN when a backend does not answer; OUT_OF_SERVICE while the watchdog's
 * circuit is open (the workers pause until the ports answer again); UP otherwise, with the details.
 */
public final class OperonHealthIndicator implements HealthIndicator {
  private final OperonBackends backends;
  private final ObjectProvider<SagaEngine> engine;

  OperonHealthIndicator(OperonBackends backends, ObjectProvider<SagaEngine> engine) {
    this.backends = backends;
    this.engine = engine;
  }

  @Override
  public org.springframework.boot.health.contributor.Health health() {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean down = false;
    for (Map.Entry<String, Health> backend : backends.check().entrySet()) {
      Health health = backend.getValue();
      details.put(backend.getKey(), health.ok() ? "UP: " + health.detail() : "DOWN: " + health.detail()
          + (health.hint() == null ? "" : " (" + health.hint() + ")"));
      down |= !health.ok();
    }
    Status status = down ? Status.DOWN : Status.UP;
    SagaEngine sagas = engine.getIfAvailable();
    if (sagas != null) {
      CircuitState circuit = sagas.watchdog().circuit();
      details.put("watchdog", circuit.name());
      if (!down && circuit == CircuitState.OPEN) {
        status = Status.OUT_OF_SERVICE;
      }
      try {
        for (Map.Entry<String, QueueStats> queue : sagas.queues().entrySet()) {
          details.put("queue " + queue.getKey(), queue.getValue().depth() + " waiting, "
              + queue.getValue().deadLetters() + " dead letters");
        }
      } catch (RuntimeException e) {
        details.put("queues", "unreadable: " + e.getMessage());
        status = Status.DOWN;
      }
    }
    return org.springframework.boot.health.contributor.Health.status(status).withDetails(details).build();
  }
}
