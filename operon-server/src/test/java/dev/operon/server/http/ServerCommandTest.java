package dev.operon.server.http;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.server.OperonCli;
import dev.operon.server.orders.WorkerProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code operon token add}, then {@code operon server} in a process of its own, driven over HTTP
 * with the token as a user's curl would: start, describe, signal, cancel, metrics, OpenAPI; then
 * stopped with SIGTERM.
 */
class ServerCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aServerStartedFromTheCommandLineServesTheSagaApiUntilStopped() throws Exception {
    Path tokens = dir.resolve("tokens");
    String token = tokenAdd(tokens, "operator");
    assertThat(token).startsWith("opn_");
    assertThat(Files.readString(tokens)).doesNotContain(token).contains(" operator ci");

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(WorkerProcesses.javaCommand());
    command.addAll(List.of("server", "--store", "sqlite:" + dir.resolve("operon.db"), "--tokens", tokens.toString(),
        "--host", "127.0.0.1", "--port", String.valueOf(port)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // spans through an SDK configured from the standard variables, written to the log
    builder.environment().put("OTEL_TRACES_EXPORTER", "logging");
    builder.environment().put("OTEL_METRICS_EXPORTER", "none");
    builder.environment().put("OTEL_LOGS_EXPORTER", "none");
    builder.environment().put("OTEL_SERVICE_NAME", "operon-test");
    Process server = builder.start();
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        lines.add("(read failed: " + e + ")");
      }
    }, runnable -> Thread.ofPlatform().daemon().start(runnable));
    try {
      eventually(WAIT, () -> assertThat(String.join("\n", lines)).contains("Operon server on http://127.0.0.1:" + port));
      String base = "http://127.0.0.1:" + port;
      HttpClient client = HttpClient.newHttpClient();

      String order = "{\"orderId\":\"o-%s\",\"amountCents\":1999,\"fate\":\"SHIPPED\",\"flakyStep\":null,"
          + "\"sleepMillis\":0,\"approvalTimeoutMillis\":600000,\"hangMillis\":0}";
      HttpResponse<String> started = send(client, token, "POST", base + "/api/sagas",
          "{\"workflowType\":\"OrderSaga\",\"businessId\":\"o-1\",\"input\":" + order.formatted(1) + "}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
      eventually(WAIT, () -> assertThat(state(client, token, base, "o-1")).isEqualTo("PAUSED"));
      assertThat(send(client, token, "POST", base + "/api/sagas/o-1/signals/approve", "{\"approver\":\"ada\"}")
          .statusCode()).isEqualTo(202);
      eventually(WAIT, () -> assertThat(state(client, token, base, "o-1")).isEqualTo("COMPLETED"));

      send(client, token, "POST", base + "/api/sagas",
          "{\"workflowType\":\"OrderSaga\",\"businessId\":\"o-2\",\"input\":" + order.formatted(2) + "}");
      eventually(WAIT, () -> assertThat(state(client, token, base, "o-2")).isEqualTo("PAUSED"));
      assertThat(JSON.readTree(send(client, token, "POST", base + "/api/sagas/o-2/cancel", null).body())
          .get("cancelRequested").asBoolean()).isTrue();
      eventually(WAIT, () -> assertThat(state(client, token, base, "o-2")).isEqualTo("CANCELLED"));
      JsonNode cancelled = JSON.readTree(send(client, token, "GET", base + "/api/sagas/o-2", null).body());
      assertThat(cancelled.get("compensations")).isNotEmpty();

      String metrics = send(client, token, "GET", base + "/metrics", null).body();
      assertThat(metrics).contains("operon_sagas").contains("operon_activity_duration");
      JsonNode openApi = JSON.readTree(send(client, null, "GET", base + "/openapi.json", null).body());
      assertThat(openApi.get("openapi").asText()).isEqualTo("3.1.0");
      assertThat(send(client, null, "GET", base + "/api/sagas", null).statusCode()).isEqualTo(401);

      // the CLI client against the same server
      String[] at = {"--server", base, "--token", token};
      assertThat(cli(at, "saga", "start", "OrderSaga", "--input", order.formatted(3), "--business-id", "o-3").out())
          .isEqualTo("o-3");
      eventually(WAIT, () -> assertThat(JSON.readTree(cli(at, "saga", "describe", "o-3", "--json").out())
          .get("state").asText()).isEqualTo("PAUSED"));
      assertThat(cli(at, "saga", "describe", "o-3").out()).startsWith("o-3  OrderSaga  PAUSED")
          .contains("would compensate: refund-payment, release-inventory");
      cli(at, "saga", "signal", "o-3", "approve", "--payload", "{\"approver\":\"cli\"}");
      eventually(WAIT, () -> assertThat(cli(at, "saga", "list", "--state", "COMPLETED").out())
          .contains("o-1").contains("o-3").doesNotContain("o-2"));
      String page = cli(at, "saga", "list", "--limit", "1").out();
      assertThat(page).contains("more: --cursor ");
      String cursor = page.substring(page.indexOf("--cursor ") + 9).strip();
      assertThat(cli(at, "saga", "list", "--limit", "1", "--cursor", cursor).out()).doesNotContain(page.lines().findFirst().get());
      assertThat(cli(at, "tracked", "show", "o-1").out()).contains("o-1").contains("Saga.OrderSaga")
          .contains("SUCCEEDED");
      assertThat(cli(at, "tracked", "stalled", "--older-than", "60m").out())
          .isEqualTo("No operation has gone 3600 s without progress");
      // documents: a checklist created and edited over HTTP, read back with the CLI
      assertThat(send(client, token, "POST", base + "/api/documents",
          "{\"documentId\":\"trip\",\"documentType\":\"checklist\",\"name\":\"Trip\"}").statusCode())
          .isEqualTo(201);
      HttpResponse<String> dispatched = send(client, token, "POST", base + "/api/documents/trip/actions",
          "{\"actions\":[{\"type\":\"ADD_ITEM\",\"scope\":\"global\",\"input\":{\"id\":\"1\",\"text\":\"tickets\"}},"
              + "{\"type\":\"CHECK_ITEM\",\"scope\":\"global\",\"input\":{\"id\":\"1\"}}]}");
      assertThat(dispatched.statusCode()).as(dispatched.body()).isEqualTo(200);
      assertThat(cli(at, "doc", "show", "trip").out()).startsWith("trip  checklist (model 1)  'Trip'")
          .contains("global     revision 2");
      String history = cli(at, "doc", "history", "trip", "--revision", "1").out();
      assertThat(history).contains("ADD_ITEM").doesNotContain("CHECK_ITEM")
          .contains("state at revision 1 of 2: {\"items\":[{\"id\":\"1\",\"text\":\"tickets\",\"checked\":false}]}");
      assertThat(JSON.readTree(cli(at, "doc", "history", "trip", "--json").out()).get("state").get("items").get(0)
          .get("checked").asBoolean()).isTrue();
      // the store's operation log, written by an inventory host in this process, tailed through the server
      StringWriter followed = new StringWriter();
      List<String> followArgs = new ArrayList<>(List.of("ops", "tail", "--follow", "--poll", "100ms"));
      followArgs.addAll(List.of(at));
      Thread follower = Thread.ofPlatform().daemon().start(() ->
          OperonCli.execute(new PrintWriter(followed), new PrintWriter(new StringWriter()), followArgs.toArray(String[]::new)));
      try (dev.operon.spi.Backend store = dev.operon.spi.Backends.open("sqlite:" + dir.resolve("operon.db"),
              dev.operon.spi.BackendOptions.defaults().withTablePrefix("operon_"));
          com.example.inventory.InventoryHost host = new com.example.inventory.InventoryHost("test-host", store,
              store.notifier(), changed -> { })) {
        host.adjust("sku-1", 5);
        host.adjust("sku-1", -2);
      }
      eventually(WAIT, () -> assertThat(followed.toString().lines()).as("followed as they were logged").hasSize(2));
      follower.interrupt();
      follower.join(10_000);
      assertThat(follower.isAlive()).as("--follow stops when interrupted").isFalse();
      String tail = cli(at, "ops", "tail", "-n", "1").out();
      assertThat(tail.lines()).singleElement().asString().contains("test-host").contains("AdjustStock")
          .contains("\"delta\":-2");
      assertThat(cli(at, "ops", "tail", "--json").out().lines()).hasSize(2);
      assertThat(cli(at, "ops", "outbox").out()).startsWith("backlog ").contains("no discarded event");
      assertThat(run(at, "ops", "requeue", "no-such-event").err()).contains("404 Not found").contains("no-such-event");
      Run missing = run(at, "saga", "describe", "no-such-saga");
      assertThat(missing.status()).isEqualTo(OperonCli.ERROR_EXIT);
      assertThat(missing.err()).contains("404 Not found").contains("no-such-saga");
      Run noServer = run(new String[] {"--server", "http://127.0.0.1:1", "--token", token}, "saga", "list");
      assertThat(noServer.err()).contains("No Operon server answers at http://127.0.0.1:1");
    } finally {
      server.toHandle().destroy(); // SIGTERM, keeping its output stream open (Process.destroy closes it)
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
      reader.get(10, TimeUnit.SECONDS);
    }
    String output = String.join("\n", lines);
    assertThat(output).contains("Stopping: finishing the requests in flight")
        .contains("OpenTelemetry from OTEL_* variables");
    assertThat(output).as("spans exported to the log").contains("'saga OrderSaga'").contains("'activity ");
  }

  private record Run(int status, String out, String err) {}

  /** Runs {@code args} then the connection options {@code at}; expects success. */
  private static Run cli(String[] at, String... args) {
    Run run = run(at, args);
    assertThat(run.status()).as(run.err()).isZero();
    return new Run(run.status(), run.out().strip(), run.err());
  }

  private static Run run(String[] at, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(at));
    int status = OperonCli.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }

  private static String tokenAdd(Path tokens, String role) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = OperonCli.execute(new PrintWriter(out), new PrintWriter(err),
        "token", "add", "--role", role, "--name", "ci", "--tokens", tokens.toString());
    assertThat(status).as(err.toString()).isZero();
    assertThat(err.toString()).contains("only time it is shown");
    return out.toString().strip();
  }

  private static String state(HttpClient client, String token, String base, String id) throws Exception {
    HttpResponse<String> answer = send(client, token, "GET", base + "/api/sagas/" + id, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body()).get("state").asText();
  }

  private static HttpResponse<String> send(HttpClient client, String token, String method, String url, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
