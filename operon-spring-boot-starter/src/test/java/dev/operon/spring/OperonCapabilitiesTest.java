package dev.operon.spring;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.documents.DocumentModel;
import dev.operon.documents.DocumentScope;
import dev.operon.documents.Documents;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.SagaEngine;
import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.Tracking;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Tracking and documents in a Spring application: sagas tracked with operon.tracking.enabled, a
 * stalled operation published as an application event when the clock moves past its threshold,
 * a documents bean over the context's document models (and none without one), their properties
 * checked.
 */
class OperonCapabilitiesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  record Checklist(List<String> items) {
    static final Checklist EMPTY = new Checklist(List.of());

    Checklist with(String item) {
      List<String> more = new ArrayList<>(items);
      more.add(item);
      return new Checklist(List.copyOf(more));
    }
  }

  record Add(String item) {}

  static final DocumentScope<Checklist> GLOBAL = DocumentScope.of("global", Checklist.class, Checklist.EMPTY);

  @Configuration(proxyBeanMethods = false)
  static class ChecklistApplication {
    @Bean
    DocumentModel checklist() {
      return DocumentModel.builder("checklist").version(1).scope(GLOBAL)
          .action("ADD", GLOBAL, Add.class, (list, add) -> list.with(add.item())).build();
    }
  }

  /** Hears the stalled operations. */
  static class StalledAlarm {
    final List<String> heard = new CopyOnWriteArrayList<>();

    @EventListener
    void on(OperationStalled stalled) {
      heard.add(stalled.operation().name());
    }
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OperonAutoConfiguration.class))
        .withUserConfiguration(OperonAutoConfigurationTest.GreetingApplication.class)
        .withPropertyValues("operon.store=sqlite:" + dir.resolve("app.db"));
  }

  @Test
  void withTrackingOnEverySagaIsTrackedAndAStalledOperationIsPublished() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    runner().withPropertyValues("operon.tracking.enabled=true", "operon.tracking.stalled-after=10m",
            "operon.tracking.stalled-check-period=1m", "operon.tracking.stalled-thresholds.report=2h")
        .withBean(OperonAutoConfiguration.CLOCK, ManualClock.class, () -> clock)
        .withBean(StalledAlarm.class)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(Tracking.class);
          Tracking tracking = context.getBean(Tracking.class);
          var saga = context.getBean(SagaEngine.class).start(OperonAutoConfigurationTest.Greeting.class, "ada");
          assertThat(saga.result(WAIT)).isEqualTo("hello ada");
          assertThat(tracking.snapshot(saga.id())).hasValueSatisfying(operation -> {
            assertThat(operation.name()).isEqualTo("Saga.Greeting");
            assertThat(operation.status()).isEqualTo(OperationStatus.SUCCEEDED);
          });

          String job = tracking.start("import", null, null, Map.of());
          String report = tracking.start("report", null, null, Map.of());
          clock.advance(Duration.ofMinutes(12));
          StalledAlarm alarm = context.getBean(StalledAlarm.class);
          eventually(WAIT, () -> assertThat(alarm.heard).containsExactly("import"));
          assertThat(tracking.snapshot(job).orElseThrow().status()).isEqualTo(OperationStatus.STALLED);
          assertThat(tracking.snapshot(report).orElseThrow().status()).as("its own threshold: 2 h")
              .isEqualTo(OperationStatus.RUNNING);
        });
  }

  @Test
  void withoutTrackingNoTrackerIsMade() {
    runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Tracking.class));
  }

  @Test
  void theContextsDocumentModelsGetADocumentsBean() {
    runner().withUserConfiguration(ChecklistApplication.class).withPropertyValues("operon.documents.keyframe-every=5")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(Documents.class);
          Documents documents = context.getBean(Documents.class);
          documents.create("groceries", "checklist", "Groceries");
          documents.dispatch("groceries", documents.action("ADD", "global", new Add("milk")));
          assertThat(documents.state("groceries", GLOBAL).items()).containsExactly("milk");
        });
    runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Documents.class));
  }

  @Test
  void wrongTrackingAndDocumentsPropertiesStopTheStartNamingThem() {
    Map<String, String> wrong = Map.of(
        "operon.tracking.stalled-after=0s", "operon.tracking.stalled-after",
        "operon.tracking.stalled-check-period=2h", "operon.tracking.stalled-check-period",
        "operon.documents.keyframe-every=0", "operon.documents.keyframe-every",
        "operon.documents.max-attachment-size=0B", "operon.documents.max-attachment-size");
    wrong.forEach((setting, property) -> runner().withPropertyValues(setting).run(context -> {
      assertThat(StartupFailure.invalidProperty(context).property()).as(setting).isEqualTo(property);
    }));
  }
}
