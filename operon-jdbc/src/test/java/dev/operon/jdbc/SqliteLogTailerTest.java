package dev.operon.jdbc;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.LogTailerContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLogTailerTest extends LogTailerContract {
  @TempDir static Path dir;

  @Override
  protected Backend open(BackendOptions options) {
    return JdbcDatabase.open("sqlite:" + dir.resolve("tailer.db"), options).asBackend(options);
  }
}
