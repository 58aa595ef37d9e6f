package dev.operon.server.demo;

import com.example.inventory.InventoryHost;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.operon.spi.Backend;
import dev.operon.spi.Backends;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code operon demo commands}: the example inventory service on two hosts, this process (host A)
 * and a child process (host B), on one database. Host B keeps the stock it read; each stock change
 * on host A invalidates it on host B, and the demo measures how long after A's commit B answers
 * with the new stock.
 */
@Command(name = "commands", mixinStandardHelpOptions = true,
    description = {
        "The example inventory service (examples/) on two hosts: this process and a child process, on one"
            + " database. Host B keeps the stock it read; each stock change on host A must reach it. Prints"
            + " how long after A's commit B answered with the new stock (p50, p99, max), how often B read"
            + " the database, and the events each host processed. Exit status 1 if B ever answered with a"
            + " stale stock once the wait was over.",
    },
    footer = {
        "",
        "Examples:",
        "  operon demo commands",
        "  operon demo commands --rounds 100 --json",
        "  operon demo commands --store postgres://127.0.0.1:5432/test",
        "  operon demo commands --store postgres://127.0.0.1:5432/test --notify redis://127.0.0.1:6379",
    })
public final class CommandsDemoCommand implements Callable<Integer> {
  private static final long WAIT_NANOS = 10_000_000_000L;

  @Spec CommandSpec spec;

  @Option(names = "--store", paramLabel = "URL", defaultValue = "sqlite:./operon-data/commands.db",
      description = "The shared database: sqlite:PATH or postgres://HOST:PORT/DB (default: ${DEFAULT-VALUE}).")
  String store;

  @Option(names = "--notify", paramLabel = "URL",
      description = "How hosts announce commits: postgres (the store's NOTIFY), redis://HOST:PORT, fs:DIR or poll"
          + " (default: the store's NOTIFY on PostgreSQL, fs:./operon-data/commands-signals on SQLite).")
  String notify;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "20",
      description = "Stock changes on host A to follow on host B (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--json", description = "Print the summary as one JSON object on stdout, no narration.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String signals = notify != null ? notify
        : store.startsWith("postgres") ? store : "fs:./operon-data/commands-signals";
    if (signals.equals("postgres")) {
      signals = store;
    }
    if (store.startsWith("sqlite:")) {
      Path file = Path.of(store.substring("sqlite:".length())).toAbsolutePath();
      Files.createDirectories(file.getParent());
    }
    String sku = "pen-" + Long.toString(System.nanoTime(), 36);
    AtomicInteger eventsOnA = new AtomicInteger();
    Path log = Path.of(".operon", "commands-host-b.log");
    Files.createDirectories(log.getParent());
    try (Backend backend = Backends.open(store);
        Backend announcements = signals.equals(store) ? null : Backends.open(signals);
        InventoryHost a = new InventoryHost("host-a", backend,
            announcements == null ? backend.notifier() : announcements.notifier(), changed -> eventsOnA.incrementAndGet());
        CommandsHostProcess b = CommandsHostProcess.start(store, signals, log)) {
      say(out, "Host A (this process) and host B (pid " + b.pid() + ") share " + store + "; announcements: " + signals);
      b.adjust(sku, 100);
      say(out, "Host B put 100 of " + sku + " in stock.");
      CommandsHostProcess.Answer first = b.ask(sku);
      CommandsHostProcess.Answer second = b.ask(sku);
      say(out, "Host B reads the stock: " + first.stock() + " (read from the database), then " + second.stock()
          + " (kept: " + (second.computations() - first.computations()) + " more database reads).");
      List<Double> latencies = new ArrayList<>();
      int questions = 3;
      int stale = 0;
      int expected = 100;
      for (int round = 1; round <= rounds; round++) {
        expected = a.adjust(sku, -1);
        long committed = System.nanoTime();
        CommandsHostProcess.Answer answer = b.ask(sku);
        questions++;
        while (answer.stock() != expected && System.nanoTime() - committed < WAIT_NANOS) {
          answer = b.ask(sku);
          questions++;
        }
        if (answer.stock() != expected) {
          stale++;
        } else {
          latencies.add((System.nanoTime() - committed) / 1e6);
        }
      }
      CommandsHostProcess.Answer last = b.ask(sku);
      List<Double> sorted = latencies.stream().sorted().toList();
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("store", store);
      summary.put("notify", signals);
      summary.put("rounds", rounds);
      summary.put("stale_answers_after_10s", stale);
      summary.put("invalidation_latency_p50_ms", percentile(sorted, 0.50));
      summary.put("invalidation_latency_p99_ms", percentile(sorted, 0.99));
      summary.put("invalidation_latency_max_ms", sorted.isEmpty() ? null : round(sorted.get(sorted.size() - 1)));
      summary.put("host_b_questions", questions);
      summary.put("host_b_database_reads", last.computations());
      summary.put("final_stock", last.stock());
      summary.put("events_processed_on_a", eventsOnA.get());
      summary.put("events_processed_on_b", last.events());
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
      } else {
        say(out, "Host A took one away " + rounds + " times; after each commit host B was asked until it"
            + " answered with the new stock.");
        say(out, "  from A's commit to B's fresh answer: p50 " + summary.get("invalidation_latency_p50_ms")
            + " ms, p99 " + summary.get("invalidation_latency_p99_ms") + " ms, max "
            + summary.get("invalidation_latency_max_ms") + " ms");
        say(out, "  stale answers after 10 s: " + stale + "; host B read the database " + last.computations()
            + " times for " + questions + " questions (once at first, then once per change)");
        say(out, "  stock-changed events processed: " + eventsOnA.get() + " on host A, " + last.events()
            + " on host B (each event once, by one of them)");
      }
      out.flush();
      return stale == 0 && last.stock() == expected ? 0 : 1;
    }
  }

  private void say(PrintWriter out, String line) {
    if (!json) {
      out.println(line);
      out.flush();
    }
  }

  private static Double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    return round(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
