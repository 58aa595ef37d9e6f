package dev.operon.spi;

/**
 * The result of checking one backend.
 *
 * @param ok whether it is reachable and its schema is at the expected version
 * @param detail what was found ("PostgreSQL 15.19, schema version 1") or what failed
 * @param hint what to do next when not ok (the command that starts the service, say), else ""
 */
public record Health(boolean ok, String detail, String hint) {
  public static Health ok(String detail) {
    return new Health(true, detail, "");
  }

  public static Health failed(String detail, String hint) {
    return new Health(false, detail, hint);
  }
}
