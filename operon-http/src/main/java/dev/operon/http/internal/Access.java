package dev.operon.http.internal;

import dev.operon.http.ApiRole;
import dev.operon.http.ApiTokens;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call what: a route that needs a role takes a token ({@code Authorization: Bearer ...})
 * whose role allows it (401 without a known token, 403 with one too weak); a route that changes
 * anything is refused in read-only mode (403). With {@code insecureLocal} (the server then listens
 * on loopback only) every caller is an admin.
 */
public final class Access {
  private static final String BEARER = "Bearer ";

  private final ApiTokens tokens;
  private final boolean insecureLocal;
  private final boolean readOnly;

  public Access(ApiTokens tokens, boolean insecureLocal, boolean readOnly) {
    this.tokens = tokens;
    this.insecureLocal = insecureLocal;
    this.readOnly = readOnly;
  }

  /** Who calls: the token's name (null without one) and role. */
  public record Caller(String name, ApiRole role) {}

  /** The request attribute under which a checked call keeps its {@link Caller}. */
  static final String CALLER = "operon.caller";

  /** Whether the server refuses every change. */
  boolean readOnly() {
    return readOnly;
  }

  /** Whether the server needs no token. */
  boolean insecureLocal() {
    return insecureLocal;
  }

  /** Checks the call of {@code route}; throws the problem that refuses it. */
  public void check(Route route, Context ctx) {
    if (route.changes() && readOnly) {
      throw new ApiProblem(403, "Forbidden", "This server is read-only: " + ctx.method() + " " + ctx.path()
          + " changes data. Restart it without --read-only to allow changes.");
    }
    if (insecureLocal) {
      ctx.attribute(CALLER, new Caller(null, ApiRole.ADMIN));
      return;
    }
    if (route.needs() == null) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith(BEARER)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiProblem(401, "Unauthorized", "This route needs an API token: send 'Authorization: Bearer <token>'"
          + " (make one with 'operon token add --role " + route.needs().name().toLowerCase(java.util.Locale.ROOT) + "')");
    }
    Optional<ApiTokens.Entry> entry = tokens.find(header.substring(BEARER.length()).strip());
    if (entry.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw new ApiProblem(401, "Unauthorized", "The API token is not one this server accepts");
    }
    ApiRole role = entry.get().role();
    if (!role.allows(route.needs())) {
      throw new ApiProblem(403, "Forbidden", "Token '" + entry.get().name() + "' has the role " + role
          + "; " + ctx.method() + " " + ctx.path() + " needs " + route.needs(), Map.of("token", entry.get().name()));
    }
    ctx.attribute(CALLER, new Caller(entry.get().name(), role));
  }
}
