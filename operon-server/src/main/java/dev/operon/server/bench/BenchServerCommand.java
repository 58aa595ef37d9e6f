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

/** {@code operon bench server}: saga starts through the HTTP API beside the engine's own, and list pages with many sagas. */
@Command(name = "server",
    description = {
        "Measure the HTTP server: saga starts/s through POST /api/sagas beside the engine's own",
        "start (16 starters each, in this process; p50 and p99 of the API), then the dashboard's",
        "list queries through the API with N sagas stored (first page, a state, a type, the",
        "counts, the 1,000th page). The stored sagas are summary rows written straight into",
        "the visibility table. Progress goes to stderr, the figures to stdout; the run's tables",
        "are dropped at the end."
    })
public final class BenchServerCommand implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "URL", required = true,
      description = "The store: sqlite:PATH, postgres://HOST:PORT/DB.")
  String store;

  @Option(names = "--sagas", paramLabel = "N", defaultValue = "1000000",
      description = "Sagas stored for the list queries (default: ${DEFAULT-VALUE}).")
  int sagas;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
      description = "Length of each start phase (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BenchRun.requireSagas(sagas);
    if (seconds < 1) {
      throw OperonException.invalid("--duration must be at least 1 second, was " + seconds);
    }
    return BenchRun.run(spec, store, json, err -> new ServerBenchmark(store, sagas, Duration.ofSeconds(seconds), err).run());
  }
}
