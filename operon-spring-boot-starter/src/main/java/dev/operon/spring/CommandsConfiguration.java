package dev.operon.spring;

import dev.operon.commands.CommandFilter;
import dev.operon.commands.Commander;
import dev.operon.commands.CommanderBuilder;
import dev.operon.commands.ComputedValues;
import dev.operon.commands.OperationCompletionListener;
import dev.operon.tracking.Telemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The commander: its operation log and outbox in Operon's store (so that, on the application's own
 * DataSource, a command inside a {@code @Transactional} method commits and rolls back with it), the
 * context's command and event handlers ({@link CommanderBeans}), filters, completion listeners and
 * computed values, then each {@link CommanderCustomizer}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Commander.class)
@ConditionalOnProperty(prefix = "operon.commands", name = "enabled", matchIfMissing = true)
class CommandsConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Commander commander(OperonProperties properties, OperonBackends backends, ConfigurableListableBeanFactory beans,
      ObjectProvider<CommandFilter> filters, ObjectProvider<OperationCompletionListener> listeners,
      ObjectProvider<ComputedValues> computed, ObjectProvider<CommanderCustomizer> customizers,
      ObjectProvider<Telemetry> telemetry,
      @org.springframework.beans.factory.annotation.Qualifier(OperonAutoConfiguration.CLOCK)
      ObjectProvider<java.time.Clock> clock, ObjectProvider<dev.operon.tracking.OperationTracker> tracker) {
    CommandsProperties settings = properties.getCommands();
    CommanderBuilder builder = Commander.builder().backend(backends.store()).notifier(backends.notifier())
        // the readers start with the application's lifecycle, once every bean is made (OperonLifecycle)
        .startReaders(false)
        .clock(OperonAutoConfiguration.clock(clock))
        .processesEvents(settings.isProcessesEvents()).eventCheckPeriod(settings.getEventCheckPeriod());
    if (!settings.getHostId().isEmpty()) {
      builder.hostId(settings.getHostId());
    }
    if (settings.isReprocessing()) {
      builder.reprocessing();
    }
    tracker.ifAvailable(builder::tracking);
    Telemetry context = telemetry.getIfAvailable();
    if (context != null) {
      builder.telemetry(context);
    }
    CommanderBeans.register(beans, builder);
    filters.orderedStream().forEach(builder::filter);
    listeners.orderedStream().forEach(builder::completionListener);
    computed.orderedStream().forEach(builder::computedValues);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(Commander.class)
  OperonLifecycle commanderLifecycle(Commander commander) {
    return new OperonLifecycle("The commander", commander::startReaders, commander::close, null);
  }
}
