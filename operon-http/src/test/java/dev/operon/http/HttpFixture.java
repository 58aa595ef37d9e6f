package dev.operon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.spi.Backend;
import dev.operon.spi.Backends;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** An engine on the in-memory backend, a server in front of it, and tokens of each role. */
final class HttpFixture implements AutoCloseable {
  /** Waits for a signal "approve" for up to an hour, then greets; takes notes meanwhile (update "note", query "notes"). */
  public static final class Approval implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String name) {
      java.util.List<String> notes = new java.util.ArrayList<>();
      ctx.onQuery("notes", () -> java.util.List.copyOf(notes));
      ctx.onUpdate("note", String.class, note -> {
        if (note == null || note.isBlank()) {
          throw new IllegalArgumentException("a note needs a text");
        }
      }, note -> {
        notes.add(note);
        return notes.size();
      });
      Boolean approved = ctx.awaitSignal("approve", Boolean.class, Duration.ofHours(1));
      return Boolean.TRUE.equals(approved) ? ctx.activity(Greet.class, name) : "refused";
    }
  }

  /** Runs OneStep as a child saga. */
  public static final class Parent implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String name) {
      return ctx.childWorkflow(OneStep.class, name);
    }
  }

  /** One step. */
  public static final class OneStep implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String name) {
      return ctx.activity(Greet.class, name);
    }
  }

  public static final class Greet implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String name) {
      if (name.startsWith("fail:")) {
        throw dev.operon.error.OperonException.invalid(name.substring("fail:".length()));
      }
      return "hello " + name;
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();

  final Backend backend = Backends.open("memory:");
  final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final dev.operon.tracking.TrackingStore tracking = dev.operon.tracking.TrackingStores.of(backend);
  final SagaEngine engine = SagaEngine.builder().backend(backend).activities(new Greet())
      .workflows(new Approval(), new OneStep(), new Parent()).meterRegistry(meters)
      .tracking(new dev.operon.tracking.Tracking(tracking, java.time.Clock.systemUTC())).build();
  final dev.operon.documents.Documents documents = dev.operon.documents.Documents.builder()
      .store(dev.operon.documents.OperationStores.inMemory()).model(Checklists.PLAIN).model(Checklists.SIGNED).build();
  final dev.operon.commands.OperationLogView operations = dev.operon.commands.OperationLogView.of(backend,
      java.time.Clock.systemUTC());
  final Path tokensFile;
  final String viewer;
  final String operator;
  final String admin;
  final OperonHttp http;
  final HttpClient client = HttpClient.newHttpClient();

  HttpFixture(Path dir, Consumer<OperonHttp.Builder> settings) throws Exception {
    tokensFile = dir.resolve("tokens");
    viewer = ApiTokens.add(tokensFile, ApiRole.VIEWER, "viewer");
    operator = ApiTokens.add(tokensFile, ApiRole.OPERATOR, "operator");
    admin = ApiTokens.add(tokensFile, ApiRole.ADMIN, "admin");
    assertThat(Files.readString(tokensFile)).doesNotContain(viewer, operator, admin);
    OperonHttp.Builder builder = OperonHttp.builder().sagas(engine).documents(documents).operations(operations).metrics(meters)
        .tracking(tracking)
        .tokens(ApiTokens.load(tokensFile)).host("127.0.0.1").port(0);
    settings.accept(builder);
    http = builder.start();
  }

  /** The answer to {@code method path} with {@code body} (null: none) and {@code token} (null: none). */
  Answer call(String method, String path, String body, String token) throws Exception {
    return call(method, path, body, token, "application/json");
  }

  Answer call(String method, String path, String body, String token, String contentType) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.url() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
        response.body(), response);
  }

  record Answer(int status, String contentType, String body, HttpResponse<String> response) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    /** Asserts a problem answer with {@code status}; returns its JSON. */
    JsonNode problem(int expected) throws Exception {
      assertThat(status).as("status of %s", body).isEqualTo(expected);
      assertThat(contentType).startsWith("application/problem+json");
      JsonNode problem = json();
      assertThat(problem.get("status").asInt()).isEqualTo(expected);
      assertThat(problem.get("title").asText()).isNotBlank();
      assertThat(problem.get("detail").asText()).isNotBlank();
      return problem;
    }
  }

  @Override
  public void close() {
    http.close();
    engine.close();
    backend.close();
  }
}
