package dev.operon.server.bench;

import dev.operon.server.bench.LoadRunner.Group;
import dev.operon.server.bench.LoadRunner.Result;
import dev.operon.server.bench.jdbc.RawInsertBaseline;
import dev.operon.server.bench.jdbc.ScratchTables;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The raw JDBC baselines (16 writers with 1 row and with 100 rows per transaction, and one writer
 * with 1 row per transaction, which on SQLite is faster than 16 writers contending for its one
 * write lock) and the clean-up of the run's tables, for stores that are SQL databases.
 */
final class RawPhases {
  static final int WRITERS = 16;
  static final int BATCH_ROWS = 100;

  private final String storeUrl;
  private final String prefix;
  private final byte[] payload;
  private final LoadRunner runner;
  private final PrintWriter progress;
  private final BenchResults results;

  RawPhases(String storeUrl, String prefix, byte[] payload, LoadRunner runner, PrintWriter progress,
      BenchResults results) {
    this.storeUrl = storeUrl;
    this.prefix = prefix;
    this.payload = payload;
    this.runner = runner;
    this.progress = progress;
    this.results = results;
  }

  void run() throws Exception {
    Optional<String> jdbcUrl = JdbcUrls.of(storeUrl);
    if (jdbcUrl.isEmpty()) {
      progress.println("  (no raw JDBC baseline: " + storeUrl + " is not a SQL database)");
      return;
    }
    results.put("raw_insert_rows_per_s", measure(jdbcUrl.get(), "raw", WRITERS, 1));
    results.put("raw_batch_insert_rows_per_s",
        measure(jdbcUrl.get(), "raw_batch", WRITERS, BATCH_ROWS));
    results.put("raw_insert_single_writer_rows_per_s", measure(jdbcUrl.get(), "raw_one", 1, 1));
    results.put("raw_writers", WRITERS);
    results.put("raw_batch_rows", BATCH_ROWS);
    List<String> dropped = ScratchTables.drop(jdbcUrl.get(), prefix);
    progress.println("  cleaned up: dropped " + dropped.size() + " table(s) named " + prefix + "*");
    results.put("tables_dropped", dropped.size());
  }

  private long measure(String jdbcUrl, String table, int writers, int rows) throws Exception {
    try (RawInsertBaseline raw = new RawInsertBaseline(jdbcUrl, prefix + table, payload)) {
      raw.open(writers);
      String label = writers == 1 ? "raw insert, 1 writer"
          : "raw insert, " + rows + (rows == 1 ? " row/txn" : " rows/txn");
      Result result = runner.run(label, "rows",
          List.of(new Group(table, writers, w -> raw.insert(w, rows), true)));
      return Math.round(result.perSecond());
    }
  }
}
