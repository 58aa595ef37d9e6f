package dev.operon.bench.peers;

import dev.operon.server.bench.LoadRunner;
import dev.operon.server.bench.LoadRunner.Group;
import dev.operon.server.bench.jdbc.RawInsertBaseline;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * The database's own limit, which every peer shares: {@value #WRITERS} writers, each inserting one
 * row and committing it, again and again, into a scratch table (RawInsertBaseline of bench saga).
 */
final class RawCommitRate {
  static final int WRITERS = 16;
  static final int PAYLOAD_BYTES = 128;

  private RawCommitRate() {}

  /** Single-row commits per second of the database at {@code jdbcUrl}. */
  static long measure(String jdbcUrl, Duration duration, PrintWriter progress) throws Exception {
    try (RawInsertBaseline raw = new RawInsertBaseline(jdbcUrl, "peers_raw_commits", new byte[PAYLOAD_BYTES])) {
      raw.open(WRITERS);
      LoadRunner.Result result = new LoadRunner(duration, progress).run("raw commits, " + WRITERS + " writers",
          "rows", List.of(new Group("raw", WRITERS, w -> raw.insert(w, 1), true)));
      return Math.round(result.perSecond());
    }
  }
}
