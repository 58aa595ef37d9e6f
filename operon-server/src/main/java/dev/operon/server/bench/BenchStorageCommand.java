package dev.operon.server.bench;

import dev.operon.server.SqliteFiles;
import dev.operon.server.VerboseOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code operon bench storage}: event, queue and timer throughput against the raw database. */
@Command(name = "storage",
    description = {
        "Measure one backend: appends (16 writers on 100 streams, and 1 writer on 1 stream),",
        "tasks (8 publishers of 10-task batches; 8 consumers fetching 50 and acking each batch),",
        "timer claims (4 schedulers), and the raw JDBC insert rate",
        "of the same database (16 writers, 1 and 100 rows per transaction). Progress goes to",
        "stderr; the figures to stdout. The run's tables are dropped at the end."
    })
public final class BenchStorageCommand implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "URL", required = true,
      description = "The store to measure: sqlite:PATH, memory:, postgres://HOST:PORT/DB.")
  String store;

  @Option(names = "--queue", paramLabel = "URL",
      description = "The task queue to measure (default: the store's own queue): local, jdbc,"
          + " nats://HOST:PORT.")
  String queue;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "5",
      description = "How long each phase runs (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration phase = BenchRun.phase(durationSeconds);
    return BenchRun.run(spec, store, json, err -> new StorageBenchmark(store, queue, phase, err).run());
  }

  /** The SQLite file this run will create, or null if it exists already or is not SQLite. */
  static Path newSqliteFile(String store) {
    if (!SqliteFiles.isSqlite(store)) {
      return null;
    }
    Path file = SqliteFiles.path(store);
    return Files.exists(file) ? null : file;
  }

  static void deleteIfCreated(Path file, PrintWriter err) {
    if (file == null) {
      return;
    }
    try {
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
      err.println("  cleaned up: deleted " + file + ", which this run created");
    } catch (IOException e) {
      err.println("  could not delete " + file + ": " + e.getMessage());
    }
  }
}
