package dev.operon.http;

import dev.operon.error.OperonException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Operon's roles as an application's servlet container knows its users: the names of the
 * container's roles (Spring Security's, say: {@code hasRole("OPERON_ADMIN")}) whose users are
 * Operon's admins, operators and viewers, when Operon's API runs inside that container ({@link
 * OperonHttp.Builder#servlet}). A user with several gets the strongest.
 */
public record ContainerRoles(String admin, String operator, String viewer) {

  public ContainerRoles {
    for (String role : new String[] {admin, operator, viewer}) {
      if (role == null || role.isBlank()) {
        throw OperonException.invalid("Each of Operon's roles needs the name of a role of the application's users;"
            + " got admin=" + admin + ", operator=" + operator + ", viewer=" + viewer);
      }
    }
  }

  /** OPERON_ADMIN, OPERON_OPERATOR and OPERON_VIEWER. */
  public static ContainerRoles defaults() {
    return new ContainerRoles("OPERON_ADMIN", "OPERON_OPERATOR", "OPERON_VIEWER");
  }

  /** The strongest of Operon's roles that {@code request}'s user has; empty for none. */
  public Optional<ApiRole> roleOf(HttpServletRequest request) {
    if (request.isUserInRole(admin)) {
      return Optional.of(ApiRole.ADMIN);
    }
    if (request.isUserInRole(operator)) {
      return Optional.of(ApiRole.OPERATOR);
    }
    if (request.isUserInRole(viewer)) {
      return Optional.of(ApiRole.VIEWER);
    }
    return Optional.empty();
  }
}
