package dev.operon.http;

import dev.operon.error.OperonException;
import dev.operon.http.internal.Access;
import dev.operon.http.internal.Dashboard;
import dev.operon.http.internal.Problems;
import dev.operon.http.internal.Route;
import dev.operon.http.internal.SagaRoutes;
import dev.operon.http.internal.SystemRoutes;
import dev.operon.saga.SagaEngine;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operon's HTTP server: the JSON API over the saga engine (start, signal, cancel, describe,
 * history, list, counts, a live stream), health probes, the OpenAPI 3.1 document at
 * {@code /openapi.json}, the Prometheus metrics at {@code /metrics} and the dashboard at {@code /}. Errors are RFC 9457 problems ({@code
 * application/problem+json}) naming the error kind and the ids involved: 4xx for anything a caller
 * sent, never 500. Every route but the probes and the OpenAPI document needs an API token
 * ({@link ApiTokens}) whose role allows it, unless the server runs {@link Builder#insecureLocal}
 * on loopback. Handlers run on virtual threads; {@link #close()} stops accepting requests and lets
 * the ones in flight finish.
 *
 * <pre>{@code
 * try (OperonHttp http = OperonHttp.builder().sagas(engine).tokens(ApiTokens.load(path)).port(7070).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class OperonHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperonHttp.class);

  private final Javalin app;
  private final String host;
  private final List<Route> routes;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OperonHttp(Javalin app, String host, List<Route> routes) {
    this.app = app;
    this.host = host;
    this.routes = routes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on (the one it was given, or the one it picked for port 0). */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port}. */
  public String url() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + shown + ":" + port();
  }

  /** Each route as {@code "GET /api/sagas/{sagaId}"}, in the order they were registered. */
  public List<String> routes() {
    return routes.stream().map(r -> r.method().name() + " " + r.path()).toList();
  }

  /** Stops accepting requests, lets the ones in flight finish (up to 10 s), then stops. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      app.stop();
      LOG.info("HTTP server on {} stopped", url());
    }
  }

  /** The routes and the page of one server, and how each call is checked. */
  private record Assembly(Access access, Dashboard dashboard, List<Route> routes) {

    /** Adds the routes, the page, and the problem answers to {@code config}. */
    void install(io.javalin.config.JavalinConfig config, long maxBodyBytes) {
      config.http.maxRequestSize = maxBodyBytes;
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.router.ignoreTrailingSlashes = true;
      for (Route route : routes) {
        config.routes.addHttpHandler(route.method(), route.path(), ctx -> {
          access.check(route, ctx);
          route.handler().handle(ctx);
        });
      }
      for (String path : dashboard.paths()) {
        config.routes.get(path, dashboard.handler(path));
      }
      config.routes.exception(Exception.class, Problems::answer);
      // Javalin answers its own HTTP exceptions (a body over maxRequestSize, say) in plain text unless told
      config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> Problems.answer(e, ctx));
      config.routes.error(404, "*", ctx -> {
        String type = ctx.res().getContentType();
        if (type == null || !type.startsWith(Problems.CONTENT_TYPE)) {
          Problems.write(ctx, 404, "Not found", "No route " + ctx.method() + " " + ctx.path()
              + "; /openapi.json lists the routes", null, java.util.Map.of());
        }
      });
    }
  }

  /** How the server is set up. */
  public static final class Builder {
    private SagaEngine sagas;
    private dev.operon.documents.Documents documents;
    private dev.operon.commands.OperationLogView operations;
    private PrometheusMeterRegistry metrics;
    private dev.operon.tracking.AuditLog auditLog;
    private dev.operon.tracking.TrackingStore tracking;
    private ApiTokens tokens = ApiTokens.none();
    private boolean insecureLocal;
    private boolean readOnly;
    private String host = "0.0.0.0";
    private int port = 7070;
    private long maxBodyBytes = 1_000_000;

    private Builder() {}

    /** The saga engine the {@code /api/sagas} routes act on (a server serves sagas, documents or both). */
    public Builder sagas(SagaEngine value) {
      this.sagas = Objects.requireNonNull(value, "sagas");
      return this;
    }

    /**
     * The documents the {@code /api/documents} routes act on, and whose store other servers sync
     * with through {@code /api/sync} ({@link HttpSyncChannel}); none by default.
     */
    public Builder documents(dev.operon.documents.Documents value) {
      this.documents = Objects.requireNonNull(value, "documents");
      return this;
    }

    /**
     * The operation log and event log the {@code /api/operations} and {@code /api/outbox} routes read
     * (e.g. {@code OperationLogView.of(backend, clock)}); none by default.
     */
    public Builder operations(dev.operon.commands.OperationLogView value) {
      this.operations = Objects.requireNonNull(value, "operations");
      return this;
    }

    /** The registry {@code /metrics} exposes (the one the engines report to); none: no route. */
    public Builder metrics(PrometheusMeterRegistry value) {
      this.metrics = value;
      return this;
    }

    /** Where bulk actions are recorded when they end (e.g. {@code TrackingStores.auditLog(backend)}); none by default. */
    public Builder auditLog(dev.operon.tracking.AuditLog value) {
      this.auditLog = value;
      return this;
    }

    /** The tracked operations the {@code /api/tracked} routes read (e.g. {@code TrackingStores.of(backend)}); none by default. */
    public Builder tracking(dev.operon.tracking.TrackingStore value) {
      this.tracking = value;
      return this;
    }

    /** The API tokens accepted (see {@link ApiTokens}). */
    public Builder tokens(ApiTokens value) {
      this.tokens = Objects.requireNonNull(value, "tokens");
      return this;
    }

    /** No token needed: every caller is an admin. Only on a loopback address (the default becomes 127.0.0.1). */
    public Builder insecureLocal(boolean value) {
      this.insecureLocal = value;
      return this;
    }

    /** Refuse every route that changes something (403), whatever the token. */
    public Builder readOnly(boolean value) {
      this.readOnly = value;
      return this;
    }

    /** The address to listen on (default 0.0.0.0; 127.0.0.1 with {@link #insecureLocal}). */
    public Builder host(String value) {
      this.host = Objects.requireNonNull(value, "host");
      return this;
    }

    /** The port (default 7070; 0 picks a free one). */
    public Builder port(int value) {
      if (value < 0 || value > 65_535) {
        throw OperonException.invalid("port must be within 0..65535, was " + value);
      }
      this.port = value;
      return this;
    }

    /** The largest request body accepted (default 1,000,000 bytes); larger ones get 413. */
    public Builder maxBodyBytes(long value) {
      if (value < 1) {
        throw OperonException.invalid("maxBodyBytes must be >= 1, was " + value);
      }
      this.maxBodyBytes = value;
      return this;
    }

    /**
     * Starts the server. VALIDATION error if it was given nothing to serve (sagas, documents, operations), if {@link #insecureLocal}
     * is asked for on an address that is not loopback, or if no token is accepted and the server
     * is not {@link #insecureLocal} (it would refuse every request).
     */
    public OperonHttp start() {
      requireSomethingToServe();
      String listenOn = insecureLocal && host.equals("0.0.0.0") ? "127.0.0.1" : host;
      if (insecureLocal && !loopback(listenOn)) {
        throw OperonException.invalid("--insecure-local serves without tokens, so it listens on loopback only;"
            + " host was " + listenOn);
      }
      if (!insecureLocal && tokens.size() == 0) {
        throw OperonException.invalid("No API token is accepted, so every request would be refused: make one with"
            + " 'operon token add --role admin --name me' or start with --insecure-local (loopback only)");
      }
      Access access = new Access(tokens, insecureLocal, readOnly);
      AtomicBoolean stopping = new AtomicBoolean();
      Assembly assembly = assemble(access, stopping, "");
      Javalin app = Javalin.create(config -> {
        config.jetty.host = listenOn;
        config.jetty.port = port;
        config.concurrency.useVirtualThreads = true;
        config.jetty.modifyServer(server -> server.setStopTimeout(10_000));
        assembly.install(config, maxBodyBytes);
        config.events.serverStopping(() -> stopping.set(true));
      });
      app.start();
      OperonHttp http = new OperonHttp(app, listenOn, assembly.routes());
      LOG.info("HTTP server listening on {}{}{}", http.url(), insecureLocal ? " (no tokens: loopback only)" : "",
          readOnly ? " (read-only)" : "");
      return http;
    }

    /**
     * Operon's API and dashboard as a servlet for the application's own servlet container (a
     * Spring Boot application's, say), to be registered at {@code mountPath + "/*"} with async
     * support: its routes and page answer under the application's context path and {@code
     * mountPath} ({@code /operon}), and every caller is the container's signed-in user, with the
     * Operon role {@code roles} maps that user's roles to (no API tokens). The container's own
     * security (Spring Security's filters) runs first. VALIDATION error if it was given nothing to
     * serve or {@code mountPath} is not a path such as {@code /operon}.
     */
    public jakarta.servlet.Servlet servlet(String mountPath, ContainerRoles roles) {
      requireSomethingToServe();
      if (mountPath == null || !mountPath.matches("(/[A-Za-z0-9._~-]+)+")) {
        throw OperonException.invalid("The path to mount Operon at must look like /operon (no trailing slash), was "
            + mountPath);
      }
      Access access = Access.container(roles, readOnly);
      AtomicBoolean stopping = new AtomicBoolean();
      return new MountedServlet(mountPath, base -> {
        Assembly assembly = assemble(access, stopping, base);
        Javalin app = Javalin.create(config -> assembly.install(config, maxBodyBytes));
        return new io.javalin.http.servlet.JavalinServlet(app.unsafe);
      }, () -> stopping.set(true));
    }

    private void requireSomethingToServe() {
      if (sagas == null && documents == null && operations == null) {
        throw OperonException.invalid("The HTTP server needs something to serve: call sagas(engine),"
            + " documents(documents), operations(view) or several");
      }
    }

    /** The routes and the dashboard of what this builder serves, the page's paths under {@code base}. */
    private Assembly assemble(Access access, AtomicBoolean stopping, String base) {
      List<String> serves = new ArrayList<>();
      if (sagas != null) {
        serves.add("sagas");
      }
      if (documents != null) {
        serves.add("documents");
      }
      if (operations != null) {
        serves.add("operations");
      }
      if (tracking != null) {
        serves.add("tracking");
      }
      Dashboard dashboard = new Dashboard(access, serves, base);
      List<Route> routes = new ArrayList<>();
      routes.addAll(new SystemRoutes(metrics, () -> !stopping.get()).routes());
      routes.add(dashboard.whoami());
      if (sagas != null) {
        routes.addAll(new SagaRoutes(sagas, stopping).routes());
        routes.addAll(new dev.operon.http.internal.QueueRoutes(sagas).routes());
      }
      if (operations != null) {
        routes.addAll(new dev.operon.http.internal.OperationRoutes(operations).routes());
      }
      if (sagas != null || operations != null) {
        routes.addAll(new dev.operon.http.internal.BulkActions(sagas, operations, auditLog).routes());
      }
      routes.addAll(new dev.operon.http.internal.TrackingRoutes(tracking, sagas).routes());
      if (documents != null) {
        routes.addAll(new dev.operon.http.internal.DocumentRoutes(documents).routes());
        routes.addAll(new dev.operon.http.internal.SyncRoutes(documents).routes());
      }
      return new Assembly(access, dashboard, List.copyOf(routes));
    }

    private static boolean loopback(String address) {
      try {
        return InetAddress.getByName(address).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}
