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

/** {@code operon bench documents}: signed operations, the reducer path, loads with and without keyframes, sync. */
@Command(name = "documents",
    description = {
        "Measure document operations on one backend: signed operations (ECDSA P-256) from 16 writers on one",
        "document and on 100, the reducer path in memory, loading histories of 10,000 operations and of",
        "--history operations with keyframes and without, and a sync from this store to a second one (a",
        "second table prefix in the same database) while a writer adds 1,000 operations/s; next to the raw",
        "single-row insert rate of the same database. Progress goes to stderr, the figures to stdout."
    })
public final class BenchDocumentsCommand implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "URL", required = true,
      description = "The store to measure: sqlite:PATH, memory:, postgres://HOST:PORT/DB.")
  String store;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long each throughput phase runs (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(names = "--history", paramLabel = "OPERATIONS", defaultValue = "1000000",
      description = "The long history to load besides 10,000 operations (default: ${DEFAULT-VALUE}).")
  int history;

  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration phase = BenchRun.phase(durationSeconds);
    if (history < 10_000 || history > 100_000_000) {
      throw OperonException.invalid("--history must be between 10000 and 100000000, was " + history);
    }
    return BenchRun.run(spec, store, json, err -> new DocumentsBenchmark(store, phase, history, err).run());
  }
}
