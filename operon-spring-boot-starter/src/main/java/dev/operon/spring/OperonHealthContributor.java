package dev.operon.spring;

import dev.operon.commands.Commander;
import dev.operon.queue.QueueStats;
import dev.operon.saga.CircuitState;
import dev.operon.saga.SagaEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Operon's health, one indicator per part, under {@code operon} in the health endpoint:
 * <ul>
 *   <li>{@code store}, {@code queue}, {@code notify}: each backend checked now (the last two when
 *       they are backends of their own); DOWN, with what to do, when it does not answer;
 *   <li>{@code sagas}: the saga engine's watchdog circuit and queues; OUT_OF_SERVICE while the
 *       circuit is open (the workers pause until the ports answer again);
 *   <li>{@code outbox}: the commander's event log: the events waiting, the oldest's age and the
 *       discarded ones.
 * </ul>
 */
public final class OperonHealthContributor implements CompositeHealthContributor {
  /** Discarded events counted in the details, at most. */
  static final int DISCARDED_SHOWN = 100;

  private final CompositeHealthContributor parts;

  OperonHealthContributor(OperonBackends backends, SagaEngine engine, Commander commander) {
    Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
    for (String role : backends.roles()) {
      indicators.put(role, () -> backend(backends.check(role)));
    }
    if (engine != null) {
      indicators.put("sagas", () -> sagas(engine));
    }
    if (commander != null) {
      indicators.put("outbox", () -> outbox(commander));
    }
    this.parts = CompositeHealthContributor.fromMap(indicators);
  }

  private static Health backend(dev.operon.spi.Health health) {
    if (health.ok()) {
      return Health.up().withDetail("backend", health.detail()).build();
    }
    Health.Builder down = Health.down().withDetail("backend", health.detail());
    if (health.hint() != null && !health.hint().isBlank()) {
      down.withDetail("action", health.hint());
    }
    return down.build();
  }

  private static Health sagas(SagaEngine engine) {
    CircuitState circuit = engine.watchdog().circuit();
    Health.Builder health = Health.status(circuit == CircuitState.OPEN ? Status.OUT_OF_SERVICE : Status.UP)
        .withDetail("watchdog", circuit.name());
    try {
      for (Map.Entry<String, QueueStats> queue : engine.queues().entrySet()) {
        health.withDetail("queue " + queue.getKey(), queue.getValue().depth() + " waiting, "
            + queue.getValue().deadLetters() + " dead letters");
      }
    } catch (RuntimeException e) {
      return Health.down().withDetail("watchdog", circuit.name()).withDetail("queues", "unreadable: " + e.getMessage())
          .build();
    }
    return health.build();
  }

  private static Health outbox(Commander commander) {
    try {
      Health.Builder health = Health.up().withDetail("waiting", commander.events().backlog())
          .withDetail("discarded", commander.events().discarded(DISCARDED_SHOWN).size());
      commander.events().oldestNewAge().ifPresent(age -> health.withDetail("oldestWaitingSeconds", age.toSeconds()));
      return health.build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("outbox", "unreadable: " + e.getMessage()).build();
    }
  }

  /** The indicator of part {@code name} ({@code store}, {@code sagas}, ...), or null. */
  public HealthIndicator part(String name) {
    return (HealthIndicator) parts.getContributor(name);
  }

  @Override
  public HealthContributor getContributor(String name) {
    return parts.getContributor(name);
  }

  @Override
  public Stream<Entry> stream() {
    return parts.stream();
  }
}
