package dev.operon.http.internal;

import dev.operon.http.ApiRole;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One route of the API: method, path (Javalin's {@code {param}} syntax, as in the OpenAPI
 * document), the role it needs (null: none, e.g. health probes) and whether it changes anything
 * (refused in read-only mode).
 */
public record Route(HandlerType method, String path, ApiRole needs, boolean changes, Handler handler) {
  static Route read(String path, Handler handler) {
    return new Route(HandlerType.GET, path, ApiRole.VIEWER, false, handler);
  }

  static Route open(String path, Handler handler) {
    return new Route(HandlerType.GET, path, null, false, handler);
  }

  static Route act(String path, Handler handler) {
    return new Route(HandlerType.POST, path, ApiRole.OPERATOR, true, handler);
  }
}
