package dev.operon.spring.test;

import dev.operon.runtime.ManualClock;
import dev.operon.saga.Activity;
import dev.operon.saga.Workflow;
import dev.operon.saga.testing.SagaTestEnvironment;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * What {@link OperonTest} adds to the test's context: the manual clock the starter gives the saga
 * engine and the commander, and a time-skipping saga environment over the context's workflows and
 * activities. Import it into a test of your own to get the same without {@code @OperonTest}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OperonTestConfiguration {

  /** The clock of the application's Operon beans, at the moment the test starts; it moves when the test advances it. */
  @Bean
  ManualClock operonClock() {
    return new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /** The context's workflow and activity beans in an in-memory engine whose time moves only with {@code advance}. */
  @Bean(destroyMethod = "close")
  @Lazy
  SagaTestEnvironment sagaTestEnvironment(ObjectProvider<Workflow<?, ?>> workflows,
      ObjectProvider<Activity<?, ?>> activities) {
    return SagaTestEnvironment.builder()
        .workflows(workflows.orderedStream().toArray(Workflow<?, ?>[]::new))
        .activities(activities.orderedStream().toArray(Activity<?, ?>[]::new))
        .build();
  }
}
