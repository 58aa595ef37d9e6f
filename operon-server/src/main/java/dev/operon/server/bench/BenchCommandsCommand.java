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

/** {@code operon bench commands}: the command pipeline, persistent commands, the outbox, cross-host invalidation. */
@Command(name = "commands",
    description = {
        "Measure the command pipeline on one backend: per-call costs with JMH on one thread (a",
        "transient command through the whole pipeline, a kept computed value, an invalidation",
        "followed by the call that computes again), persistent commands from 16 callers against",
        "the raw single-row insert rate of the same database, the event log's sustained rate and",
        "latency with two reader processes, and the time from a commit on one process to a fresh answer on",
        "another through each watcher (the store's NOTIFY on PostgreSQL, Redis if it runs, the file",
        "system, polling). Progress goes to stderr, the figures to stdout."
    })
public final class BenchCommandsCommand implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "URL", required = true,
      description = "The store to measure: sqlite:PATH, memory:, postgres://HOST:PORT/DB.")
  String store;

  @Option(names = "--notify", paramLabel = "URL",
      description = "A watcher to measure besides the usual ones: redis://HOST:PORT, fs:DIR, poll.")
  String notify;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long each throughput phase runs (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "50",
      description = "Commits followed across processes per watcher (default: ${DEFAULT-VALUE}; 5 when polling).")
  int rounds;

  @Option(names = "--outbox-rate", paramLabel = "EVENTS_PER_S", defaultValue = "10000",
      description = "The rate the producers commit events at during the event-log phase (default: ${DEFAULT-VALUE}).")
  int outboxRate;

  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration phase = BenchRun.phase(durationSeconds);
    if (rounds < 1 || rounds > 100_000) {
      throw OperonException.invalid("--rounds must be between 1 and 100000, was " + rounds);
    }
    if (outboxRate < 10 || outboxRate > 1_000_000) {
      throw OperonException.invalid("--outbox-rate must be between 10 and 1000000, was " + outboxRate);
    }
    return BenchRun.run(spec, store, json,
        err -> new CommandsBenchmark(store, notify, phase, rounds, outboxRate, err).run());
  }
}
