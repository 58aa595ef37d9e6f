package dev.operon.server.bench;

import dev.operon.error.OperonException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every {@code bench} command does around its benchmark: checks the phase length, runs the
 * benchmark with progress on stderr, deletes a SQLite file the run created, and prints the figures
 * as one JSON object or a table on stdout.
 */
public final class BenchRun {
  /** A benchmark that returns its figures. */
  @FunctionalInterface
  interface Benchmark {
    Map<String, Object> run(PrintWriter progress) throws Exception;
  }

  private BenchRun() {}

  /** {@code --duration} as a phase; a VALIDATION error unless it is above 0 and at most an hour. */
  public static Duration phase(double seconds) {
    if (!(seconds > 0 && seconds <= 3600)) {
      throw OperonException.invalid("--duration must be between 0 and 3600 seconds, was " + seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /** The most sagas a benchmark stores ({@code --sagas}). */
  static final int MOST_SAGAS = 100_000_000;

  /** {@code sagas}, the value of {@code --sagas}; VALIDATION error naming the range otherwise. */
  static int requireSagas(int sagas) {
    if (sagas < 1 || sagas > MOST_SAGAS) {
      throw dev.operon.error.OperonException.invalid("--sagas must be between 1 and 100,000,000, was " + sagas);
    }
    return sagas;
  }

  /** Runs {@code benchmark} against {@code store} and prints its figures; returns the exit status. */
  static int run(CommandSpec spec, String store, boolean json, Benchmark benchmark) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Path newSqliteFile = BenchStorageCommand.newSqliteFile(store);
    Map<String, Object> figures;
    try {
      figures = benchmark.run(err);
    } finally {
      BenchStorageCommand.deleteIfCreated(newSqliteFile, err);
    }
    if (json) {
      FigureTable.printJson(figures, spec.commandLine().getOut());
    } else {
      FigureTable.printTable(figures, spec.commandLine().getOut());
    }
    return 0;
  }

  /** The figures every benchmark starts with: the store, the cores and the Java running it. */
  static Map<String, Object> header(String store) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("store", store);
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("java", System.getProperty("java.version"));
    return figures;
  }
}
