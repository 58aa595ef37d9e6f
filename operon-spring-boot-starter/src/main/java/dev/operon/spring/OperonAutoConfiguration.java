package dev.operon.spring;

import dev.operon.saga.Activity;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaEngineBuilder;
import dev.operon.saga.Workflow;
import dev.operon.tracking.Telemetry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operon in a Spring Boot application: the backends {@code operon.store} (else the application's
 * PostgreSQL or SQLite DataSource, else an embedded SQLite file), {@code operon.queue} and
 * {@code operon.notify} name; a saga engine running every {@link Workflow} and {@link Activity}
 * bean of the context, customised by the {@link SagaEngineCustomizer} beans; and a commander
 * ({@link CommandsConfiguration}). Every bean here
 * gives way to one the application defines itself. The properties are checked first: a wrong one
 * stops the start with {@link InvalidOperonProperty}, naming it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(OperonProperties.class)
@org.springframework.context.annotation.Import({dev.operon.spring.jdbc.DataSourceStore.class, TrackingConfiguration.class,
    CommandsConfiguration.class, DocumentsConfiguration.class, ServerConfiguration.class})
public class OperonAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  OperonBackends operonBackends(OperonProperties properties, ObjectProvider<ApplicationStore> applicationStore,
      @Qualifier(CLOCK) ObjectProvider<Clock> clock) {
    OperonSettings.check(properties);
    return new OperonBackends(properties, applicationStore.getIfAvailable(), clock(clock));
  }

  /**
   * The name of the clock bean Operon's backends, saga engine and commander run on, when the
   * context has one (a test's manual clock, see {@code @OperonTest}); the system's clock otherwise.
   */
  public static final String CLOCK = "operonClock";

  static Clock clock(ObjectProvider<Clock> clock) {
    return clock.getIfAvailable(Clock::systemUTC);
  }

  /**
   * Where Operon's meters and spans go: the application's MeterRegistry and OpenTelemetry when it
   * has them, else nowhere.
   */
  @Bean
  @ConditionalOnMissingBean
  Telemetry operonTelemetry(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters,
      ObjectProvider<io.opentelemetry.api.OpenTelemetry> openTelemetry) {
    io.micrometer.core.instrument.MeterRegistry registry = meters.getIfUnique();
    io.opentelemetry.api.OpenTelemetry tracing = openTelemetry.getIfUnique();
    if (registry == null && tracing == null) {
      return Telemetry.none();
    }
    return Telemetry.of(registry != null ? registry : new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
        tracing != null ? tracing : io.opentelemetry.api.OpenTelemetry.noop());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "operon.saga", name = "enabled", matchIfMissing = true)
  SagaEngine sagaEngine(OperonProperties properties, OperonBackends backends, ObjectProvider<Workflow<?, ?>> workflows,
      ObjectProvider<Activity<?, ?>> activities, ObjectProvider<SagaEngineCustomizer> customizers,
      Telemetry telemetry, @Qualifier(CLOCK) ObjectProvider<Clock> clock,
      ObjectProvider<dev.operon.tracking.OperationTracker> tracker) {
    SagaProperties saga = properties.getSaga();
    SagaEngineBuilder builder = SagaEngine.builder().backend(backends.store()).taskQueue(backends.taskQueue())
        .notifier(backends.notifier()).clock(clock(clock)).workers(saga.getWorkers()).localContinuation(saga.isLocalContinuation())
        .workflowQueue(saga.getWorkflowQueue()).activityQueue(saga.getActivityQueue())
        // the loops start with the application's lifecycle, once every bean is made (OperonLifecycle)
        .startWorkers(false)
        .workflows(workflows.orderedStream().toArray(Workflow<?, ?>[]::new))
        .activities(activities.orderedStream().toArray(Activity<?, ?>[]::new));
    if (!saga.getCodeVersion().isBlank()) {
      builder.codeVersion(saga.getCodeVersion());
    }
    builder.telemetry(telemetry);
    tracker.ifAvailable(tracking -> builder.tracking(tracking).trackSteps(properties.getTracking().isSteps()));
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  @Bean
  @ConditionalOnBean(SagaEngine.class)
  OperonLifecycle sagaEngineLifecycle(SagaEngine engine, OperonProperties properties) {
    return new OperonLifecycle("The saga engine", engine::startWorkers, engine::close,
        properties.getSaga().getDrainTimeout());
  }

  /** The health indicator, where the application has Spring Boot's health support. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "operonHealthContributor")
    OperonHealthContributor operonHealthContributor(OperonBackends backends, ObjectProvider<SagaEngine> engine,
        ObjectProvider<dev.operon.commands.Commander> commander) {
      return new OperonHealthContributor(backends, engine.getIfAvailable(), commander.getIfAvailable());
    }
  }
}
