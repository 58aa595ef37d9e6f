package dev.operon.server.orders;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** A one-line progress bar redrawn in place (carriage return), or nothing when turned off. */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean on;
  private final long start = System.nanoTime();

  ProgressBar(PrintWriter out, boolean on) {
    this.out = out;
    this.on = on;
  }

  void show(int finished, int total, Map<Outcome, Integer> outcomes) {
    if (!on) {
      return;
    }
    int filled = total == 0 ? WIDTH : (int) ((long) finished * WIDTH / total);
    out.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d finished: %d completed, %d compensated,"
            + " %d cancelled, %d failed  %.1f s ",
        "#".repeat(filled), ".".repeat(WIDTH - filled), finished, total,
        outcomes.getOrDefault(Outcome.COMPLETED, 0), outcomes.getOrDefault(Outcome.COMPENSATED, 0),
        outcomes.getOrDefault(Outcome.CANCELLED, 0), outcomes.getOrDefault(Outcome.FAILED, 0),
        (System.nanoTime() - start) / 1e9));
    out.flush();
  }

  void starting(int started, int total) {
    if (on && (started % 25 == 0 || started == total)) {
      out.print(String.format(Locale.ROOT, "\rStarting sagas: %d/%d  %.1f s ", started, total,
          (System.nanoTime() - start) / 1e9));
      out.flush();
    }
  }

  void note(String line) {
    if (on) {
      out.print("\r" + line + " ".repeat(40) + "\n");
      out.flush();
    }
  }

  void done() {
    if (on) {
      out.println();
      out.flush();
    }
  }
}
