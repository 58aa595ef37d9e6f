package dev.operon.spring;

import dev.operon.saga.SagaEngineBuilder;

/**
 * Changes the builder of the application's saga engine before it is built (a watchdog setting,
 * a meter registry, a tracker), without replacing the engine bean. Every such bean in the context
 * is applied, in their {@code @Order}.
 */
@FunctionalInterface
public interface SagaEngineCustomizer {
  void customize(SagaEngineBuilder builder);
}
