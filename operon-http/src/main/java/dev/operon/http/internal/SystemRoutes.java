package dev.operon.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.http.ApiRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What every server answers besides the capabilities: liveness and readiness probes (no token),
 * the OpenAPI document (no token) and the Prometheus metrics (a viewer's token).
 */
public final class SystemRoutes {
  /** Where the OpenAPI 3.1 document of the API lives on the class path. */
  public static final String OPENAPI = "/dev/operon/http/openapi.json";

  private final PrometheusMeterRegistry meters;
  private final BooleanSupplier ready;
  private final byte[] openApi;

  /** @param meters the registry to expose, or null for no {@code /metrics} route */
  public SystemRoutes(PrometheusMeterRegistry meters, BooleanSupplier ready) {
    this.meters = meters;
    this.ready = ready;
    this.openApi = openApiDocument();
  }

  public List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    routes.add(Route.open("/health/live", this::live));
    routes.add(Route.open("/health/ready", this::ready));
    routes.add(Route.open("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi)));
    if (meters != null) {
      routes.add(new Route(HandlerType.GET, "/metrics", ApiRole.VIEWER, false, this::metrics));
    }
    return routes;
  }

  private void live(Context ctx) {
    ObjectNode body = ApiJson.MAPPER.createObjectNode();
    body.put("status", "UP");
    ApiJson.answer(ctx, 200, body);
  }

  private void ready(Context ctx) {
    boolean up = ready.getAsBoolean();
    ObjectNode body = ApiJson.MAPPER.createObjectNode();
    body.put("status", up ? "UP" : "DOWN");
    ApiJson.answer(ctx, up ? 200 : 503, body);
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape());
  }

  /** The OpenAPI document served at {@code /openapi.json}. */
  public static byte[] openApiDocument() {
    try (InputStream in = SystemRoutes.class.getResourceAsStream(OPENAPI)) {
      if (in == null) {
        throw new IllegalStateException("The OpenAPI document " + OPENAPI + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
