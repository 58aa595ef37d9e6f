package dev.operon.bench.peers;

import dev.operon.error.OperonException;
import dev.operon.server.OperonCli;
import dev.operon.server.bench.BenchRun;
import dev.operon.server.bench.FigureTable;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code operon bench peers}: Operon beside DBOS Transact and db-scheduler on one PostgreSQL. */
@Command(name = "peers", usageHelpWidth = 100,
    description = {
        "Measure Operon beside its peers, one after the other, in a scratch database of their own on",
        "the same PostgreSQL (created from --store, dropped at the end): the database's single-row",
        "commit rate (16 writers); DBOS Transact and Operon each running 3-step workflows of no-op",
        "steps from concurrent starters that wait for each result (per second, p50), then one",
        "starter of --steps steps (the mean time per step); db-scheduler and Operon's task queue",
        "each taking --tasks tasks in one batch and draining them. Ratios compare Operon with each",
        "peer. Progress goes to stderr, the figures to stdout."
    },
    footer = {"", "Exit status: 0 ok, 1 the benchmark failed, 2 bad input or an Operon error."})
public final class PeersMain implements Callable<Integer> {
  /** Exit status of an {@link OperonException} or of bad command-line input (as the operon command's). */
  static final int ERROR_EXIT = OperonCli.ERROR_EXIT;

  @Option(names = "--store", paramLabel = "URL", required = true,
      description = "The PostgreSQL server to measure on: postgres://HOST:5432/DB[?user=NAME]; the run"
          + " creates and drops a database of its own there.")
  String store;

  @Option(names = "--queue", paramLabel = "URL",
      description = "Operon's task queue (default: the store's own): jdbc, nats://HOST:4222.")
  String queue;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long each timed shape runs, after a warm-up of at most 2 s (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(names = "--tasks", paramLabel = "N", defaultValue = "20000",
      description = "Tasks each queue takes and drains (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--starters", paramLabel = "N", defaultValue = "16",
      description = "Concurrent starters of 3-step workflows, each waiting for its result (default: ${DEFAULT-VALUE}).")
  int starters;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
      description = "Steps of the workflow one starter runs for the step latency (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--verbose", description = "Print stack traces of failures and the libraries' logs.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PeersSettings settings = new PeersSettings(store, queue, BenchRun.phase(durationSeconds), tasks, starters, steps);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> figures = new PeersBenchmark(settings, spec.commandLine().getErr()).run();
    if (json) {
      FigureTable.printJson(figures, out);
    } else {
      FigureTable.printTable(figures, out);
    }
    return 0;
  }

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    OperonCli.configureLogging(Arrays.asList(args).contains("--verbose"));
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command with the given output streams; returns the exit status. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return OperonCli.execute(new PeersMain(), out, err, args);
  }
}
