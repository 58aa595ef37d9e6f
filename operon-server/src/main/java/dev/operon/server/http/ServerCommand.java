package dev.operon.server.http;

import dev.operon.http.ApiTokens;
import dev.operon.http.OperonHttp;
import dev.operon.saga.SagaEngine;
import dev.operon.server.OpenBackends;
import dev.operon.server.PortOptions;
import dev.operon.server.VerboseOption;
import dev.operon.server.orders.EffectLedger;
import dev.operon.server.orders.OrderEngine;
import dev.operon.spi.BackendOptions;
import dev.operon.tracking.Telemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code operon server}: one process serving the saga engine (with the example order saga), the
 * HTTP API, the OpenAPI document, the dashboard and {@code /metrics} (spans through an
 * OpenTelemetry SDK configured from the {@code OTEL_*} variables, if any is set), until it is stopped (Ctrl-C or SIGTERM: it
 * stops taking requests, lets those in flight finish, then stops the engine).
 */
@Command(name = "server", sortOptions = false,
    description = {
        "Serves the saga engine over HTTP: the JSON API (/api/sagas), health probes (/health/live,",
        "/health/ready), the OpenAPI document (/openapi.json) and Prometheus metrics (/metrics).",
        "The engine runs the example order saga (workflow type OrderSaga); documents of type",
        "'checklist' are served at /api/documents and synced with other servers through /api/sync;",
        "the store's operation log and outbox at /api/operations and /api/outbox.",
        "Requests need 'Authorization: Bearer <token>'; make a token with 'operon token add'.",
        "With --insecure-local no token is needed and the server listens on 127.0.0.1 only."
    })
public final class ServerCommand implements Callable<Integer> {
  @Mixin PortOptions ports;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 127.0.0.1 with --insecure-local).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7070", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--tokens", paramLabel = "FILE", defaultValue = TokenCommand.DEFAULT_FILE,
      description = "The API tokens file (default: ${DEFAULT-VALUE}).")
  Path tokens;

  @Option(names = "--insecure-local", description = "Serve without tokens, on loopback only.")
  boolean insecureLocal;

  @Option(names = "--read-only", description = "Refuse every request that would change something.")
  boolean readOnly;

  @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1000000",
      description = "Largest request body accepted (default: ${DEFAULT-VALUE}).")
  long maxBody;

  @Option(names = "--prefix", defaultValue = "operon_", description = "Table and stream prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    BackendOptions options = OrderEngine.backendOptions(prefix);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopped.countDown();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "operon-server-stop"));
    try (OpenTelemetryFromEnvironment otel = OpenTelemetryFromEnvironment.of(System.getenv());
        OpenBackends backends = OpenBackends.open(ports.urls(), options);
        EffectLedger ledger = EffectLedger.open(ports.urls().store(), options);
        SagaEngine engine = OrderEngine.builder(backends, OrderEngine.tracking(backends), ledger,
            Duration.ofSeconds(30), Duration.ofSeconds(30), 2).meterRegistry(meters)
            .telemetry(Telemetry.of(meters, otel.openTelemetry())).build();
        OperonHttp http = OperonHttp.builder().sagas(engine).documents(documents(backends, meters, otel))
            .operations(dev.operon.commands.OperationLogView.of(backends.storeBackend(), java.time.Clock.systemUTC()))
            .metrics(meters).tokens(ApiTokens.load(tokens))
            .auditLog(dev.operon.tracking.TrackingStores.auditLog(backends.storeBackend()))
            .tracking(dev.operon.tracking.TrackingStores.of(backends.storeBackend()))
            .insecureLocal(insecureLocal).readOnly(readOnly).host(host).port(port).maxBodyBytes(maxBody).start()) {
      out.println("Operon server on " + http.url() + " (store " + ports.urls().store() + ", "
          + (insecureLocal ? "no tokens, loopback only" : "tokens from " + tokens) + (readOnly ? ", read-only" : "")
          + (otel.configured() ? ", OpenTelemetry from OTEL_* variables" : "") + ")");
      out.println("API: " + http.url() + "/api/sagas, /api/documents, /api/operations   OpenAPI: " + http.url() + "/openapi.json   metrics: "
          + http.url() + "/metrics   Ctrl-C stops it");
      out.flush();
      stopped.await();
      out.println("Stopping: finishing the requests in flight");
      out.flush();
    } finally {
      done.countDown();
    }
    return 0;
  }

  /** The documents the server serves: checklists ({@link ServerDocuments}) in the store. */
  private static dev.operon.documents.Documents documents(OpenBackends backends, PrometheusMeterRegistry meters,
      OpenTelemetryFromEnvironment otel) {
    return dev.operon.documents.Documents.builder()
        .store(dev.operon.documents.OperationStores.of(backends.storeBackend())).model(ServerDocuments.MODEL)
        .telemetry(Telemetry.of(meters, otel.openTelemetry())).build();
  }
}
