package dev.operon.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter in a Spring application context, as an application gets it: workflow and activity
 * beans run by the engine it configures from operon.* properties, on SQLite and on PostgreSQL; a
 * customizer applied; an engine of the application's own kept; the health of each part; and a
 * start that fails on a wrong property, naming it.
 */
class OperonAutoConfigurationTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** Greets whoever it is given, in one step. */
  public static final class Greeting implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String name) {
      return ctx.activity(Greet.class, name);
    }
  }

  public static final class Greet implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String name) {
      return "hello " + name;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class GreetingApplication {
    @Bean
    Greeting greeting() {
      return new Greeting();
    }

    @Bean
    Greet greet() {
      return new Greet();
    }
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OperonAutoConfiguration.class))
        .withUserConfiguration(GreetingApplication.class);
  }

  private void runsASaga(String store) {
    runner().withPropertyValues("operon.store=" + store, "operon.saga.code-version=v7").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(SagaEngine.class).hasSingleBean(OperonHealthContributor.class);
      SagaEngine engine = context.getBean(SagaEngine.class);
      var handle = engine.start(Greeting.class, "ada");
      assertThat(handle.result(WAIT)).isEqualTo("hello ada");
      assertThat(engine.describe(handle.id()).codeVersion()).contains("v7");

      OperonHealthContributor health = context.getBean(OperonHealthContributor.class);
      assertThat(health.stream().map(e -> e.name())).containsExactly("store", "sagas", "outbox");
      assertThat(health.part("store").health().getStatus()).isEqualTo(Status.UP);
      assertThat(String.valueOf(health.part("store").health().getDetails().get("backend"))).contains("schema version");
      var sagas = health.part("sagas").health();
      assertThat(sagas.getStatus()).isEqualTo(Status.UP);
      assertThat(sagas.getDetails()).containsKeys("watchdog", "queue saga-workflows", "queue saga-activities");
      var outbox = health.part("outbox").health();
      assertThat(outbox.getStatus()).isEqualTo(Status.UP);
      assertThat(outbox.getDetails()).containsEntry("waiting", 0L).containsEntry("discarded", 0);
    });
  }

  @Test
  void aWorkflowBeanRunsOnSqlite() {
    runsASaga("sqlite:" + dir.resolve("app.db"));
  }

  @Test
  void aWorkflowBeanRunsOnPostgres() {
    runsASaga(SCHEMA.url());
  }

  private static com.zaxxer.hikari.HikariDataSource applicationPool(String name) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl("jdbc:postgresql:" + SCHEMA.url().substring("postgres:".length()));
    config.setMaximumPoolSize(4);
    config.setPoolName(name);
    return new com.zaxxer.hikari.HikariDataSource(config);
  }

  @Test
  void withoutOperonStoreTheApplicationsPostgresDataSourceIsTheStore() {
    runner().withPropertyValues("operon.table-prefix=spring_app_")
        .withBean(javax.sql.DataSource.class, () -> applicationPool("application"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          var store = context.getBean(OperonBackends.class).store();
          assertThat(dev.operon.jdbc.JdbcDatabase.of(store)).hasValueSatisfying(database ->
              assertThat(database.dataSource()).isSameAs(context.getBean(javax.sql.DataSource.class)));
          var handle = context.getBean(SagaEngine.class).start(Greeting.class, "pat");
          assertThat(handle.result(WAIT)).isEqualTo("hello pat");
          try (var connection = context.getBean(javax.sql.DataSource.class).getConnection();
              var rows = connection.createStatement().executeQuery(
                  "SELECT count(*) FROM spring_app_events WHERE stream = '" + handle.id() + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the saga's history, in the application's database").isPositive();
          }
        });
  }

  @Test
  void twoDataSourcesAndNoOperonStoreStopTheStartAskingForIt() {
    runner()
        .withBean("first", javax.sql.DataSource.class, () -> applicationPool("first"))
        .withBean("second", javax.sql.DataSource.class, () -> applicationPool("second"))
        .run(context -> {
          InvalidOperonProperty invalid = StartupFailure.invalidProperty(context);
          assertThat(invalid.property()).isEqualTo("operon.store");
          assertThat(invalid.getMessage()).contains("2 DataSources").contains("@Primary");
        });
  }

  @Test
  void aCustomizerChangesTheBuilderAndTheApplicationsOwnEngineIsKept() {
    runner().withPropertyValues("operon.store=sqlite:" + dir.resolve("c.db"))
        .withBean(SagaEngineCustomizer.class, () -> builder -> builder.codeVersion("from-customizer"))
        .run(context -> {
          SagaEngine engine = context.getBean(SagaEngine.class);
          var handle = engine.start(Greeting.class, "bob");
          handle.result(WAIT);
          assertThat(engine.describe(handle.id()).codeVersion()).contains("from-customizer");
        });
    runner().withPropertyValues("operon.store=sqlite:" + dir.resolve("d.db"))
        .withUserConfiguration(OwnEngine.class)
        .run(context -> assertThat(context.getBean(SagaEngine.class)).isSameAs(context.getBean(OwnEngine.class).engine));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnEngine {
    final SagaEngine engine = SagaEngine.builder().backend(dev.operon.spi.Backends.open("memory:")).workers(0).build();

    @Bean
    SagaEngine ownSagaEngine() {
      return engine;
    }
  }

  @Test
  void aWrongPropertyStopsTheStartNamingIt() {
    Map<String, String> wrong = Map.of(
        "operon.store=ftp://files.example/x", "operon.store",
        "operon.saga.workers=-1", "operon.saga.workers",
        "operon.saga.activity-queue=saga-workflows", "operon.saga.activity-queue",
        "operon.table-prefix=Drop Table", "operon.table-prefix",
        "operon.queue=kafka://localhost:9092", "operon.queue");
    wrong.forEach((setting, property) -> runner().withPropertyValues("operon.store=sqlite:" + dir.resolve("w.db"), setting)
        .run(context -> {
          InvalidOperonProperty invalid = StartupFailure.invalidProperty(context);
          assertThat(invalid.property()).as(setting).isEqualTo(property);
          assertThat(invalid.getMessage()).contains(property).contains("set it to");
          // what Spring Boot prints instead of the chain of beans: the property and what to do
          var report = new InvalidOperonPropertyAnalyzer().analyze(context.getStartupFailure());
          assertThat(report.getDescription()).contains(property);
          assertThat(report.getAction()).contains("Correct " + property);
        }));
  }

  @Test
  void springBootFindsTheAnalyzerOfAWrongProperty() throws Exception {
    var factories = java.util.Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"));
    assertThat(factories).anySatisfy(url -> {
      var loaded = new java.util.Properties();
      try (var in = url.openStream()) {
        loaded.load(in);
      }
      assertThat(loaded.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer"))
          .contains(InvalidOperonPropertyAnalyzer.class.getName());
    });
  }

  @Test
  void theEngineStopsFirstWhenTheApplicationStops() {
    java.util.List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
    runner().withPropertyValues("operon.store=sqlite:" + dir.resolve("stop.db"), "operon.saga.drain-timeout=5s")
        .withBean("applicationPart", org.springframework.context.SmartLifecycle.class, () -> new PartOfTheApplication(stopped))
        .run(context -> {
          OperonLifecycle lifecycle = context.getBean("sagaEngineLifecycle", OperonLifecycle.class);
          assertThat(lifecycle.isRunning()).isTrue();
          context.getBean(SagaEngine.class).start(Greeting.class, "eve").result(WAIT);
          context.stop();
          stopped.add(lifecycle.isRunning() ? "engine still running" : "engine stopped");
          assertThat(stopped).containsExactly("application part saw the engine stopped", "engine stopped");
        });
  }

  /** A part of the application that stops where the web server does and notes whether Operon stopped before it. */
  static final class PartOfTheApplication implements org.springframework.context.SmartLifecycle {
    private final java.util.List<String> stopped;
    private org.springframework.context.ApplicationContext context;
    private volatile boolean running;

    PartOfTheApplication(java.util.List<String> stopped) {
      this.stopped = stopped;
    }

    @org.springframework.beans.factory.annotation.Autowired
    void setContext(org.springframework.context.ApplicationContext context) {
      this.context = context;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      running = false;
      stopped.add(context.getBean("sagaEngineLifecycle", OperonLifecycle.class).isRunning()
          ? "application part saw the engine running" : "application part saw the engine stopped");
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    /** The phase Spring Boot's web server stops its requests in (graceful shutdown). */
    @Override
    public int getPhase() {
      return DEFAULT_PHASE - 1024;
    }
  }

  @Test
  void theEnginesLoopsStartWithTheApplicationContext() {
    // without local continuation every step goes through the queues: only running loops finish a saga
    runner().withPropertyValues("operon.store=sqlite:" + dir.resolve("loops.db"), "operon.saga.local-continuation=false")
        .run(context -> {
          assertThat(context.getBean("sagaEngineLifecycle", OperonLifecycle.class).isRunning()).isTrue();
          assertThat(context.getBean(SagaEngine.class).start(Greeting.class, "lin").result(WAIT)).isEqualTo("hello lin");
        });
  }

  @Test
  void operonsMetersAndSpansGoToTheApplicationsRegistryAndOpenTelemetry() {
    var spans = io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
    var openTelemetry = io.opentelemetry.sdk.OpenTelemetrySdk.builder()
        .setTracerProvider(io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
            .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(spans)).build())
        .build();
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    runner().withPropertyValues("operon.store=sqlite:" + dir.resolve("telemetry.db"))
        .withBean(io.micrometer.core.instrument.MeterRegistry.class, () -> registry)
        .withBean(io.opentelemetry.api.OpenTelemetry.class, () -> openTelemetry)
        .run(context -> {
          context.getBean(SagaEngine.class).start(Greeting.class, "max").result(WAIT);
          dev.operon.testkit.Eventually.eventually(WAIT, () -> {
            assertThat(registry.find("operon.sagas").tags("workflow", "Greeting", "event", "completed").counters())
                .singleElement().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
            assertThat(spans.getFinishedSpanItems()).extracting(io.opentelemetry.sdk.trace.data.SpanData::getName)
                .contains("saga Greeting", "activity greet");
          });
        });
  }

  @Test
  void theSagaEngineCanBeTurnedOff() {
    runner().withPropertyValues("operon.store=sqlite:" + dir.resolve("off.db"), "operon.saga.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SagaEngine.class)
            .hasSingleBean(OperonBackends.class));
  }

  @Test
  void everyPropertyHasCompletionMetadata() throws Exception {
    String metadata = new String(getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    for (String name : java.util.List.of("operon.store", "operon.queue", "operon.notify", "operon.table-prefix",
        "operon.saga.enabled", "operon.saga.workers", "operon.saga.local-continuation", "operon.saga.workflow-queue",
        "operon.saga.activity-queue", "operon.saga.code-version", "operon.saga.drain-timeout",
        "operon.commands.enabled", "operon.commands.host-id", "operon.commands.processes-events",
        "operon.commands.event-check-period", "operon.commands.reprocessing", "operon.tracking.enabled",
        "operon.tracking.steps", "operon.tracking.stalled-after", "operon.tracking.stalled-check-period",
        "operon.tracking.stalled-thresholds", "operon.documents.enabled", "operon.documents.keyframe-every",
        "operon.documents.max-loaded-documents", "operon.documents.max-attachment-size", "operon.server.enabled",
        "operon.server.host", "operon.server.port", "operon.server.tokens-file", "operon.server.insecure-local",
        "operon.server.read-only", "operon.server.mount-path", "operon.server.roles.admin",
        "operon.server.roles.operator", "operon.server.roles.viewer")) {
      assertThat(metadata).as(name).contains("\"name\": \"" + name + "\"");
    }
  }
}
