package dev.operon.server.bench;

import dev.operon.server.VerboseOption;
import dev.operon.server.bench.CodecBenchmark.Row;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code operon bench codecs}: JSON, Smile and CBOR on realistic saga events. */
@Command(name = "codecs",
    description = {
        "Encode and decode saga events (small, medium, large) with JSON,",
        "Smile and CBOR: MB/s, events/s and bytes per event. One thread; a warm-up, then the",
        "median of several rounds."
    })
public final class BenchCodecsCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--markdown", description = "Print the table as Markdown (for docs/codecs.md).")
  boolean markdown;

  @Option(names = "--rounds", defaultValue = "9", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--round-ms", defaultValue = "150",
      description = "Length of one timed round of one codec in ms; the warm-up is 4 rounds"
          + " (default: ${DEFAULT-VALUE}).")
  int roundMillis;

  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (rounds < 1 || roundMillis < 1) {
      throw dev.operon.error.OperonException.invalid(
          "--rounds and --round-ms must be >= 1, were " + rounds + " and " + roundMillis);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("Measuring json, smile and cbor on 3 event sizes: a warm-up, then " + rounds
        + " interleaved rounds of " + roundMillis + " ms per codec and size (about "
        + (9 * (8 + 2 * rounds) * roundMillis / 1000) + " s)...");
    err.flush();
    Duration round = Duration.ofMillis(roundMillis);
    List<Row> rows = new CodecBenchmark(round.multipliedBy(4), round, rounds).run();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      FigureTable.printJson(asJson(rows), out);
    } else {
      printTable(rows, out, markdown);
    }
    return 0;
  }

  private static Map<String, Object> asJson(List<Row> rows) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Row row : rows) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("codec", row.codec());
      item.put("event_size", row.size().name().toLowerCase(Locale.ROOT));
      item.put("bytes_per_event", Math.round(row.bytesPerEvent()));
      item.put("encode_mb_per_s", round1(row.encodeMBps()));
      item.put("decode_mb_per_s", round1(row.decodeMBps()));
      item.put("encode_events_per_s", Math.round(row.encodeEventsPerS()));
      item.put("decode_events_per_s", Math.round(row.decodeEventsPerS()));
      item.put("human_readable", row.humanReadable());
      list.add(item);
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("java", System.getProperty("java.version"));
    figures.put("results", list);
    return figures;
  }

  private static void printTable(List<Row> rows, PrintWriter out, boolean markdown) {
    String[] header = {"codec", "event", "bytes/event", "size vs JSON", "encode MB/s",
        "encode events/s", "decode MB/s", "decode events/s", "human readable"};
    List<String[]> lines = new ArrayList<>();
    for (Row row : rows) {
      double json = jsonBytes(rows, row);
      lines.add(new String[] {
          row.codec(), row.size().name().toLowerCase(Locale.ROOT),
          String.format(Locale.ROOT, "%,.0f", row.bytesPerEvent()),
          String.format(Locale.ROOT, "%.2fx", row.bytesPerEvent() / json),
          String.format(Locale.ROOT, "%,.0f", row.encodeMBps()),
          String.format(Locale.ROOT, "%,.0f", row.encodeEventsPerS()),
          String.format(Locale.ROOT, "%,.0f", row.decodeMBps()),
          String.format(Locale.ROOT, "%,.0f", row.decodeEventsPerS()),
          row.humanReadable() ? "yes" : "no"});
    }
    if (markdown) {
      out.println("| " + String.join(" | ", header) + " |");
      out.println("|" + "---|".repeat(header.length));
      lines.forEach(l -> out.println("| " + String.join(" | ", l) + " |"));
    } else {
      String format = "%-6s %-7s %12s %13s %12s %16s %12s %16s %15s%n";
      out.printf(Locale.ROOT, format, (Object[]) header);
      lines.forEach(l -> out.printf(Locale.ROOT, format, (Object[]) l));
    }
    out.flush();
  }

  private static double jsonBytes(List<Row> rows, Row row) {
    return rows.stream().filter(r -> r.codec().equals("json") && r.size() == row.size())
        .findFirst().map(Row::bytesPerEvent).orElse(row.bytesPerEvent());
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
