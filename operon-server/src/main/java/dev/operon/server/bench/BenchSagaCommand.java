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

/** {@code operon bench saga}: saga throughput, latency, step overhead and replay against the raw database. */
@Command(name = "saga",
    description = {
        "Measure the saga engine on one backend: 3-step sagas of no-op activities",
        "started by concurrent starters that each wait for their saga's end (sagas/s,",
        "p50/p99 start to end), the time between consecutive steps, the replay of a",
        "10,000-event history with and without snapshots, and the raw single-row",
        "commit rate of the same database (16 writers). Progress goes to stderr, the",
        "figures to stdout. The run's tables are dropped at the end."
    })
public final class BenchSagaCommand implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "URL", required = true,
      description = "The store to measure: sqlite:PATH, memory:, postgres://HOST:PORT/DB.")
  String store;

  @Option(names = "--queue", paramLabel = "URL",
      description = "The task queue (default: the store's own queue): local, jdbc, nats://HOST:PORT.")
  String queue;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long the throughput phase runs (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(names = "--starters", paramLabel = "N", defaultValue = "16",
      description = "Concurrent starters, each waiting for its saga before the next (default: ${DEFAULT-VALUE}).")
  int starters;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
      description = "The engine's worker loops per queue (default: ${DEFAULT-VALUE}, the engine's default).")
  int workers;

  @Option(names = "--local-continuation", paramLabel = "BOOL", defaultValue = "true", arity = "1",
      description = "Whether workers continue sagas themselves after a step (default: ${DEFAULT-VALUE},"
          + " the engine's default); false sends every transition through the queues.")
  boolean localContinuation;

  @Option(names = "--atomic-transitions", paramLabel = "BOOL", defaultValue = "true", arity = "1",
      description = "Whether each transition is one transaction on a JDBC store (default: ${DEFAULT-VALUE},"
          + " as the demo and worker run); false commits the append, timers and tasks one by one.")
  boolean atomicTransitions;

  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration phase = BenchRun.phase(durationSeconds);
    if (starters < 1 || starters > 1024) {
      throw OperonException.invalid("--starters must be between 1 and 1024, was " + starters);
    }
    if (workers < 1 || workers > 256) {
      throw OperonException.invalid("--workers must be between 1 and 256, was " + workers);
    }
    return BenchRun.run(spec, store, json, err -> new SagaBenchmark(store, queue,
        new SagaBenchmark.Settings(phase, starters, workers, localContinuation, atomicTransitions), err).run());
  }
}
