package dev.operon.http.internal;

import java.util.Map;

/**
 * A request that cannot be served, answered as an RFC 9457 problem: the HTTP status, a short
 * title, what was wrong and what to do, and the ids involved.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final transient Map<String, String> ids;

  public ApiProblem(int status, String title, String detail, Map<String, String> ids) {
    super(detail);
    this.status = status;
    this.title = title;
    this.ids = Map.copyOf(ids);
  }

  public ApiProblem(int status, String title, String detail) {
    this(status, title, detail, Map.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public Map<String, String> ids() {
    return ids;
  }

  static ApiProblem notFound(String what, String id) {
    return new ApiProblem(404, "Not found", "No " + what + " has the id '" + id + "'", Map.of(what, id));
  }

  static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, "Bad request", detail);
  }
}
