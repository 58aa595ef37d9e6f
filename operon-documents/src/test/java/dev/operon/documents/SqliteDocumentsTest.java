package dev.operon.documents;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Documents on a SQLite file. */
class SqliteDocumentsTest extends DatabaseDocumentsContract {
  @TempDir static Path dir;

  @Override
  protected String url() {
    return "sqlite:" + dir.resolve("documents.db");
  }
}
