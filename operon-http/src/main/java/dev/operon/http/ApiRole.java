package dev.operon.http;

/**
 * What an API token may do. Each role can do what the roles before it can: a viewer reads
 * (lists, descriptions, histories, metrics), an operator also acts on work (starts, signals,
 * cancels), an admin also manages the server itself.
 */
public enum ApiRole {
  VIEWER,
  OPERATOR,
  ADMIN;

  /** Whether a token with this role may call a route that needs {@code needed}. */
  public boolean allows(ApiRole needed) {
    return compareTo(needed) >= 0;
  }
}
