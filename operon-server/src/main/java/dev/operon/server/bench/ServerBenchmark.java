package dev.operon.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.http.ApiRole;
import dev.operon.http.ApiTokens;
import dev.operon.http.OperonHttp;
import dev.operon.id.IdGenerator;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.server.bench.LoadRunner.Group;
import dev.operon.server.bench.LoadRunner.Result;
import dev.operon.server.bench.jdbc.ScratchTables;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the HTTP server costs: saga starts through {@code POST /api/sagas} beside the engine's own
 * {@code start} (same starters, same store), with the API's p50 and p99; then the dashboard's list
 * queries through the API with {@code --sagas} sagas stored (first page, a state, a type, the
 * counts, and a page 1,000 pages deep through the cursors). The stored sagas are summary rows
 * written straight into the visibility table (what the list reads), not sagas that ran.
 */
final class ServerBenchmark {
  static final int STARTERS = 16;
  static final int LIST_ROUNDS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A saga that waits for a signal: a start is all it costs while measured. */
  static final class Waits implements Workflow<Integer, String> {
    @Override
    public String run(WorkflowContext ctx, Integer input) {
      return ctx.awaitSignal("go", String.class, Duration.ofDays(1));
    }
  }

  private final String storeUrl;
  private final int sagas;
  private final Duration phase;
  private final PrintWriter progress;
  private final String prefix;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  ServerBenchmark(String storeUrl, int sagas, Duration phase, PrintWriter progress) {
    this.storeUrl = storeUrl;
    this.sagas = sagas;
    this.phase = phase;
    this.progress = progress;
    String id = IdGenerator.system().next().toLowerCase(Locale.ROOT);
    this.prefix = "bench_" + id.substring(id.length() - 8) + "_";
  }

  Map<String, Object> run() throws Exception {
    figures.put("store", storeUrl);
    figures.put("starters", STARTERS);
    figures.put("duration_s", phase.toMillis() / 1000.0);
    figures.put("load_average_at_start", SagaBenchmark.loadAverage());
    Path tokens = Files.createTempFile("operon-bench-tokens", "");
    Files.delete(tokens);
    String token = ApiTokens.add(tokens, ApiRole.OPERATOR, "bench");
    try (Backend backend = Backends.open(storeUrl, BackendOptions.defaults().withTablePrefix(prefix)
            .withPoolSize(STARTERS + 8));
        SagaEngine engine = SagaEngine.builder().backend(backend).activities().workflows(new Waits())
            .recoverOnStart(false).build();
        OperonHttp http = OperonHttp.builder().sagas(engine).tokens(ApiTokens.load(tokens))
            .host("127.0.0.1").port(0).start()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      starts(engine, http, client, token);
      fill(backend);
      lists(http, client, token);
    } finally {
      Files.deleteIfExists(tokens);
      dropTables();
    }
    figures.put("load_average_at_end", SagaBenchmark.loadAverage());
    return figures;
  }

  private void starts(SagaEngine engine, OperonHttp http, HttpClient client, String token) throws Exception {
    LoadRunner runner = new LoadRunner(phase, progress);
    new LoadRunner(Duration.ofSeconds(2), progress).run("warm-up", "starts", List.of(
        new Group("engine", STARTERS, w -> {
          engine.start(Waits.class, w);
          return 1;
        }, true)));
    Result direct = runner.run("engine.start", "starts", List.of(new Group("engine", STARTERS, w -> {
      engine.start(Waits.class, w);
      return 1;
    }, true)));
    Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    byte[] body = "{\"workflowType\":\"Waits\",\"input\":1}".getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(http.url() + "/api/sagas"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    Group viaHttp = new Group("http", STARTERS, w -> {
      long begin = System.nanoTime();
      HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 201) {
        throw new IllegalStateException("POST /api/sagas answered " + answer.statusCode() + ": " + answer.body());
      }
      latencies.add(System.nanoTime() - begin);
      return 1;
    }, true);
    new LoadRunner(Duration.ofSeconds(2), progress).run("warm-up", "starts", List.of(viaHttp));
    latencies.clear();
    Result api = runner.run("POST /api/sagas", "starts", List.of(viaHttp));
    List<Long> sorted = latencies.stream().sorted().toList();
    figures.put("engine_starts_per_s", Math.round(direct.perSecond()));
    figures.put("api_starts_per_s", Math.round(api.perSecond()));
    figures.put("ratio_api_to_engine_starts", Math.round(api.perSecond() / direct.perSecond() * 1000) / 1000.0);
    figures.put("api_start_p50_ms", SagaBenchmark.millis(SagaBenchmark.percentile(sorted, 0.50)));
    figures.put("api_start_p99_ms", SagaBenchmark.millis(SagaBenchmark.percentile(sorted, 0.99)));
  }

  /** Writes {@code sagas} summary rows (one in 1,000 paused, the rest completed). */
  private void fill(Backend backend) throws Exception {
    long began = System.nanoTime();
    JdbcDatabase database = JdbcDatabase.of(backend).orElseThrow(() -> new IllegalStateException(
        "bench server needs a SQL store (sqlite: or postgres:) to store " + sagas + " sagas"));
    dev.operon.server.bench.jdbc.VisibilityRows.insert(database, prefix, sagas);
    double seconds = (System.nanoTime() - began) / 1e9;
    progress.printf(Locale.ROOT, "  %-24s %,d sagas in %.1f s%n", "stored", sagas, seconds);
    figures.put("sagas_stored", sagas);
    figures.put("fill_s", Math.round(seconds * 10) / 10.0);
  }

  private void lists(OperonHttp http, HttpClient client, String token) throws Exception {
    String base = http.url();
    figures.put("list_first_page_ms", median(client, token, base + "/api/sagas?limit=100"));
    figures.put("list_state_page_ms", median(client, token, base + "/api/sagas?state=PAUSED&limit=100"));
    figures.put("list_type_page_ms", median(client, token, base + "/api/sagas?type=Filled&limit=100"));
    figures.put("counts_ms", median(client, token, base + "/api/sagas/counts"));
    String cursor = null;
    for (int page = 0; page < 1000; page++) {
      JsonNode answer = get(client, token, base + "/api/sagas?limit=100" + (cursor == null ? "" : "&cursor="
          + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      if (answer.get("nextCursor").isNull()) {
        break;
      }
      cursor = answer.get("nextCursor").asText();
    }
    figures.put("list_page_1000_ms", cursor == null ? null
        : median(client, token, base + "/api/sagas?limit=100&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
    progress.printf(Locale.ROOT, "  %-24s first %s ms, state %s ms, type %s ms, counts %s ms, page 1,000 %s ms%n",
        "list pages of 100", figures.get("list_first_page_ms"), figures.get("list_state_page_ms"),
        figures.get("list_type_page_ms"), figures.get("counts_ms"), figures.get("list_page_1000_ms"));
  }

  /** The median milliseconds of {@value #LIST_ROUNDS} GETs of {@code url}, after one. */
  private static double median(HttpClient client, String token, String url) throws Exception {
    get(client, token, url);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < LIST_ROUNDS; i++) {
      long begin = System.nanoTime();
      get(client, token, url);
      times.add(System.nanoTime() - begin);
    }
    times.sort(null);
    return SagaBenchmark.millis(SagaBenchmark.percentile(times, 0.5));
  }

  private static JsonNode get(HttpClient client, String token, String url) throws Exception {
    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return JSON.readTree(answer.body());
  }

  private void dropTables() {
    JdbcUrls.of(storeUrl).ifPresent(url -> {
      try {
        List<String> dropped = ScratchTables.drop(url, prefix);
        figures.put("tables_dropped", dropped.size());
        progress.println("  cleaned up: dropped " + dropped.size() + " table(s) named " + prefix + "*");
      } catch (Exception e) {
        progress.println("  could not drop the tables named " + prefix + "*: " + e.getMessage());
      }
    });
  }
}
