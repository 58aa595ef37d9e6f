package dev.operon.tracking;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Tracked operations on a SQLite file. */
class SqliteTrackingTest extends DatabaseTrackingContract {
  @TempDir static Path dir;

  @Override
  protected String url() {
    return "sqlite:" + dir.resolve("tracking.db");
  }
}
