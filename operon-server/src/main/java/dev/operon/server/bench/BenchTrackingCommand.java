package dev.operon.server.bench;

import dev.operon.error.OperonException;
import dev.operon.server.VerboseOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code operon bench tracking}: progress updates against the raw database, the stalled query, tracked sagas. */
@Command(name = "tracking",
    description = {
        "Measure operation tracking on one backend: progress updates (updateProgress) from --threads",
        "threads, each on RUNNING operations of its own, next to the raw single-row insert rate of the",
        "same database from as many threads (each phase after a 2 s warm-up); then, with --operations",
        "tracked operations stored by a few INSERT ... SELECT statements (about 1% running, nearly all",
        "of those without an update for more than 5 minutes), the time of findStalled(5 min) (median",
        "and p99 of 20 calls) and the plans of its query; last, bench saga's 3-step sagas/s from",
        "--threads starters without tracking and with it (every saga and step a tracked operation;",
        "three pairs of runs, the medians and the spread of the overhead).",
        "Progress goes to stderr, the figures to stdout. The run's tables are dropped at the end."
    })
public final class BenchTrackingCommand implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "URL", defaultValue = "sqlite:./operon-data/bench-tracking.db",
      description = "The store to measure: sqlite:PATH, memory:, postgres://HOST:PORT/DB"
          + " (default: ${DEFAULT-VALUE}, deleted at the end if this run created it).")
  String store;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "5",
      description = "How long each throughput phase runs (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "16",
      description = "Threads of the raw insert and progress phases, and saga starters (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--operations", paramLabel = "N", defaultValue = "1000000",
      description = "Tracked operations stored for the stalled query (default: ${DEFAULT-VALUE}).")
  int operations;

  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration phase = BenchRun.phase(durationSeconds);
    if (threads < 1 || threads > 1024) {
      throw OperonException.invalid("--threads must be between 1 and 1024, was " + threads);
    }
    if (operations < 1_000 || operations > 100_000_000) {
      throw OperonException.invalid("--operations must be between 1000 and 100000000, was " + operations);
    }
    return BenchRun.run(spec, store, json, err -> new TrackingBenchmark(store,
        new TrackingBenchmark.Settings(phase, threads, operations), err).run());
  }
}
