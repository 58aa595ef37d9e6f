package dev.operon.server.bench;

import dev.operon.server.VerboseOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code operon bench visibility}: an engine's start and its list queries with many finished sagas stored. */
@Command(name = "visibility",
    description = {
        "Measure the saga visibility store: fill the store with N finished 3-step sagas",
        "(and 100 waiting ones), then time a fresh engine's start (build to first list",
        "answered), its heap, the first and the 1,000th page of 100, a list by state and",
        "one by search attribute, and a recovery pass. Progress goes to stderr, the",
        "figures to stdout. The run's tables are dropped at the end, unless --keep."
    })
public final class BenchVisibilityCommand implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "URL", required = true,
      description = "The store to measure: sqlite:PATH, postgres://HOST:PORT/DB.")
  String store;

  @Option(names = "--sagas", paramLabel = "N", defaultValue = "10000",
      description = "Finished sagas to store first (default: ${DEFAULT-VALUE}).")
  int sagas;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--keep", description = "Keep the run's tables (to look at query plans); its prefix is printed.")
  boolean keep;

  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BenchRun.requireSagas(sagas);
    return BenchRun.run(spec, store, json, err -> new VisibilityBenchmark(store, sagas, keep, err).run());
  }
}
