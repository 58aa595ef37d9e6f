package dev.operon.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: a page and its script and style, served from the jar with no build step, and
 * the {@code /api/whoami} route it signs in with. The page holds no data: it reads everything from
 * the API with the token the user gives it (kept in the tab's session storage and sent as a
 * bearer header, never as a cookie, so another site cannot make the browser act with it: no
 * cross-site request forgery). It is sent with a Content-Security-Policy that allows only its own
 * script and style, and builds every element from data as text, never as markup.
 */
public final class Dashboard {
  static final String ROOT = "/dev/operon/http/dashboard/";
  static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final Access access;
  private final List<String> serves;
  private final Map<String, Asset> assets;

  private record Asset(String type, byte[] bytes) {}

  /** The page's script modules (the entry, app.js, imports the others). */
  static final List<String> SCRIPTS =
      List.of("app.js", "api.js", "dom.js", "format.js", "list.js", "saga.js", "timeline.js", "state.js", "problems.js",
          "operations.js", "documents.js");

  /** @param serves what the server serves ({@code sagas}, {@code documents}, {@code operations}, {@code tracking}) */
  public Dashboard(Access access, List<String> serves) {
    this(access, serves, "");
  }

  /**
   * @param base the path the dashboard is mounted at inside an application ({@code /app/operon}),
   *     or {@code ""} at the server's root: the page names its script, its style, its links and
   *     the API under it
   */
  public Dashboard(Access access, List<String> serves, String base) {
    this.access = access;
    this.serves = List.copyOf(serves);
    Map<String, Asset> files = new java.util.LinkedHashMap<>();
    files.put("/", new Asset("text/html; charset=utf-8", page(base)));
    files.put("/dashboard/app.css", new Asset("text/css; charset=utf-8", read("app.css")));
    for (String script : SCRIPTS) {
      files.put("/dashboard/" + script, new Asset("text/javascript; charset=utf-8", read(script)));
    }
    this.assets = java.util.Collections.unmodifiableMap(files);
  }

  /** The {@code /api/whoami} route: who the token is, its role, how the server runs and what it serves. */
  public Route whoami() {
    return Route.read("/api/whoami", ctx -> {
      Access.Caller caller = ctx.attribute(Access.CALLER);
      ObjectNode body = ApiJson.MAPPER.createObjectNode();
      body.put("name", caller == null ? null : caller.name());
      body.put("role", caller == null ? null : caller.role().name());
      body.put("readOnly", access.readOnly());
      body.put("insecureLocal", access.insecureLocal());
      // how callers sign in: an API token, or the application Operon is mounted in (its own sign-in)
      body.put("signIn", access.container() ? "application" : "token");
      serves.forEach(body.putArray("serves")::add);
      ApiJson.answer(ctx, 200, body);
    });
  }

  /** The paths of the page and its assets. */
  public List<String> paths() {
    return List.copyOf(assets.keySet());
  }

  /** The handler of {@code path}, one of {@link #paths()}. */
  public Handler handler(String path) {
    Asset asset = assets.get(path);
    return ctx -> serve(ctx, asset);
  }

  private static void serve(Context ctx, Asset asset) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(asset.type()).result(asset.bytes());
  }

  /** The page, its paths under {@code base}. */
  private static byte[] page(String base) {
    byte[] page = read("index.html");
    if (base.isEmpty()) {
      return page;
    }
    String html = new String(page, java.nio.charset.StandardCharsets.UTF_8)
        .replace("<meta name=\"operon-base\" content=\"\">", "<meta name=\"operon-base\" content=\"" + base + "\">")
        .replace("\"/dashboard/", "\"" + base + "/dashboard/")
        .replace("href=\"/\"", "href=\"" + base + "/\"");
    return html.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] read(String name) {
    try (InputStream in = Dashboard.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("The dashboard file " + ROOT + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
