package dev.operon.server.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the demo's story: numbered sections, indented steps, and a summary at the end. */
final class Narrator {
  private final PrintWriter out;
  private final List<String> summary = new ArrayList<>();
  private int section;

  Narrator(PrintWriter out) {
    this.out = out;
  }

  void section(String title) {
    section++;
    out.println();
    out.println(section + ". " + title);
    out.flush();
  }

  void say(String format, Object... args) {
    out.println("   " + String.format(Locale.ROOT, format, args));
    out.flush();
  }

  void plain(String text) {
    out.println(text);
    out.flush();
  }

  /** Adds a line to the summary printed at the end. */
  void figure(String format, Object... args) {
    summary.add(String.format(Locale.ROOT, format, args));
  }

  List<String> summary() {
    return List.copyOf(summary);
  }

  static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000.0;
  }

  static String rate(long count, long startNanos) {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    return String.format(Locale.ROOT, "%,.0f", count / seconds);
  }
}
