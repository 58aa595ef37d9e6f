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
  /** Inside an application's servlet container: its users' roles instead of tokens; null otherwise. */
  private final dev.operon.http.ContainerRoles containerRoles;

  public Access(ApiTokens tokens, boolean insecureLocal, boolean readOnly) {
    this(tokens, insecureLocal, readOnly, null);
  }

  private Access(ApiTokens tokens, boolean insecureLocal, boolean readOnly,
      dev.operon.http.ContainerRoles containerRoles) {
    this.tokens = tokens;
    this.insecureLocal = insecureLocal;
    this.readOnly = readOnly;
    this.containerRoles = containerRoles;
  }

  /**
   * Who may call what inside an application's servlet container: its signed-in user (the
   * container, Spring Security say, authenticates), with the Operon role {@code roles} maps that
   * user's roles to.
   */
  public static Access container(dev.operon.http.ContainerRoles roles, boolean readOnly) {
    return new Access(ApiTokens.none(), false, readOnly, java.util.Objects.requireNonNull(roles, "roles"));
  }

  /** Who calls: the token's name (null without one) and role. */
  public record Caller(String name, ApiRole role) {}

  /** The request attribute under which a checked call keeps its {@link Caller}. */
  static final String CALLER = "operon.caller";

  /** Whether the server refuses every change. */
  boolean readOnly() {
    return readOnly;
  }

  /** Whether callers are the signed-in users of the application Operon is mounted in (no tokens). */
  boolean container() {
    return containerRoles != null;
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
    if (containerRoles != null) {
      checkUser(route, ctx);
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

  /** The container's signed-in user, with the Operon role of the strongest role it has. */
  private void checkUser(Route route, Context ctx) {
    java.security.Principal user = ctx.req().getUserPrincipal();
    if (user == null) {
      throw new ApiProblem(401, "Unauthorized", "This route needs a signed-in user of the application with one of"
          + " the roles " + containerRoles.admin() + ", " + containerRoles.operator() + " or " + containerRoles.viewer());
    }
    Optional<ApiRole> role = containerRoles.roleOf(ctx.req());
    if (role.isEmpty() || !role.get().allows(route.needs())) {
      String needed = switch (route.needs()) {
        case ADMIN -> containerRoles.admin();
        case OPERATOR -> containerRoles.operator() + " or " + containerRoles.admin();
        case VIEWER -> containerRoles.viewer() + ", " + containerRoles.operator() + " or " + containerRoles.admin();
      };
      throw new ApiProblem(403, "Forbidden", "User '" + user.getName() + "' " + role.map(r -> "is an Operon " + r)
          .orElse("has none of Operon's roles") + "; " + ctx.method() + " " + ctx.path() + " needs the role " + needed,
          Map.of("user", user.getName()));
    }
    ctx.attribute(CALLER, new Caller(user.getName(), role.get()));
  }
}
