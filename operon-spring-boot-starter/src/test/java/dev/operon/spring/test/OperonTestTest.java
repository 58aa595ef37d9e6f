package dev.operon.spring.test;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.runtime.ManualClock;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.EventType;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaHandle;
import dev.operon.saga.SagaState;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.saga.testing.SagaTestEnvironment;
import dev.operon.spring.OperonAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @OperonTest} as an application's test uses it: the context's workflow beans run in the
 * time-skipping environment, and the application's own engine waits for the test's clock.
 */
@OperonTest(classes = OperonTestTest.RemindersApplication.class, properties = "operon.store=memory:")
class OperonTestTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Waits a day, then reminds. */
  public static final class Reminder implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String who) {
      ctx.sleep(Duration.ofDays(1));
      return ctx.activity(Remind.class, who);
    }
  }

  public static final class Remind implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String who) {
      return "reminded " + who;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(OperonAutoConfiguration.class)
  static class RemindersApplication {
    @Bean
    Reminder reminder() {
      return new Reminder();
    }

    @Bean
    Remind remind() {
      return new Remind();
    }
  }

  @Autowired SagaTestEnvironment environment;
  @Autowired SagaEngine engine;
  @Autowired ManualClock clock;

  @Test
  void theContextsWorkflowsRunInTheTimeSkippingEnvironment() {
    SagaHandle<String> reminder = environment.start(Reminder.class, "ada");
    assertThat(environment.describe(reminder.id()).state()).isEqualTo(SagaState.PAUSED);
    environment.advance(Duration.ofDays(1));
    assertThat(environment.result(reminder)).isEqualTo("reminded ada");
  }

  @Test
  void theApplicationsEngineWaitsForTheTestsClock() {
    SagaHandle<String> reminder = engine.start(Reminder.class, "bob");
    eventually(WAIT, () -> assertThat(engine.describe(reminder.id()).history())
        .anySatisfy(event -> assertThat(event.eventType()).isEqualTo(EventType.TIMER_CREATED)));
    assertThat(engine.describe(reminder.id()).history().get(0).timestamp()).isEqualTo(clock.instant());

    clock.advance(Duration.ofDays(1).plusMinutes(1));
    assertThat(reminder.result(WAIT)).isEqualTo("reminded bob");
  }
}
