package dev.operon.commands;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Persistent operations on a SQLite file. */
class SqliteOperationStorageTest extends DatabaseOperationStorageContract {
  @TempDir static Path dir;

  @Override
  protected String url() {
    return "sqlite:" + dir.resolve("operations.db");
  }
}
