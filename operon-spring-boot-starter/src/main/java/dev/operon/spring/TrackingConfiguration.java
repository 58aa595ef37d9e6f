package dev.operon.spring;

import dev.operon.tracking.StalledWatcher;
import dev.operon.tracking.Tracking;
import dev.operon.tracking.TrackingStores;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operation tracking, with {@code operon.tracking.enabled=true}: a {@link Tracking} on Operon's store
 * (so each saga and each persistent command is tracked in its own transaction), which the saga
 * engine and the commander report to, and a {@link StalledWatcher} that marks operations without
 * news for {@code operon.tracking.stalled-after} (or their name's threshold) STALLED and publishes
 * an {@link OperationStalled} application event for each.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "operon.tracking", name = "enabled", havingValue = "true")
class TrackingConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Tracking operonTracking(OperonBackends backends, @Qualifier(OperonAutoConfiguration.CLOCK) ObjectProvider<Clock> clock) {
    Clock time = OperonAutoConfiguration.clock(clock);
    return new Tracking(TrackingStores.of(backends.store(), time), time);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  StalledWatcher operonStalledWatcher(Tracking tracking, OperonProperties properties, ApplicationEventPublisher events,
      @Qualifier(OperonAutoConfiguration.CLOCK) ObjectProvider<Clock> clock) {
    TrackingProperties settings = properties.getTracking();
    StalledWatcher.Builder watcher = StalledWatcher.builder(tracking).clock(OperonAutoConfiguration.clock(clock))
        .defaultThreshold(settings.getStalledAfter()).period(settings.getStalledCheckPeriod())
        .onStalled(operation -> events.publishEvent(new OperationStalled(operation)));
    settings.getStalledThresholds().forEach(watcher::threshold);
    // a saga that waits a week for a signal is not stalled; its steps are watched instead
    watcher.ignore("Saga.");
    return watcher.start();
  }
}
