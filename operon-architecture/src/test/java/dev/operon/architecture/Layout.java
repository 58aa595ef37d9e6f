package dev.operon.architecture;

import java.util.List;

/** How a package name tells its module: {@code dev.operon.<module>...}, and which modules are what. */
final class Layout {
  /** The capability modules, by their package under {@code dev.operon}. */
  static final List<String> CAPABILITIES = List.of("saga", "commands", "tracking", "documents");

  /** The one capability whose public API the others may use. */
  static final String SHARED_CAPABILITY = "tracking";

  /** The packages of operon-core: the primitives, the ports, the in-memory adapter, the runtime. */
  static final String[] CORE_PACKAGES = {
      "dev.operon.codec..", "dev.operon.error..", "dev.operon.id..", "dev.operon.retry..",
      "dev.operon.eventstore..", "dev.operon.queue..", "dev.operon.timer..", "dev.operon.notify..",
      "dev.operon.checkpoint..", "dev.operon.spi..", "dev.operon.inmemory..", "dev.operon.runtime.."};

  private Layout() {}

  /** The module a package belongs to: its segment after {@code dev.operon}; "" outside Operon. */
  static String moduleOf(String packageName) {
    if (!packageName.startsWith("dev.operon.")) {
      return "";
    }
    String rest = packageName.substring("dev.operon.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** Whether a package is an internal one (a segment named {@code internal}). */
  static boolean isInternal(String packageName) {
    return ("." + packageName + ".").contains(".internal.");
  }
}
