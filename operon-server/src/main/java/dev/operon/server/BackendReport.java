package dev.operon.server;

/**
 * The outcome of checking one port's backend, printed as one line by {@code operon doctor}.
 *
 * @param ok whether the backend answered and provides the port
 * @param role store, queue or notify
 * @param url the URL as shown (password redacted)
 * @param detail what was found, or what failed
 * @param hint what to do next when not ok
 */
public record BackendReport(boolean ok, String role, String url, String detail, String hint) {

  /** {@code ok    store   URL  detail} or {@code FAIL  queue   URL  detail  hint: hint}. */
  public String line() {
    String status = ok ? "ok" : "FAIL";
    String tail = ok || hint.isBlank() ? detail : detail + "  hint: " + hint;
    return String.format("%-5s %-7s %-38s %s", status, role, url, tail);
  }
}
