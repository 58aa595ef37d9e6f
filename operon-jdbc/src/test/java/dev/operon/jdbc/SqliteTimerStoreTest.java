package dev.operon.jdbc;

import dev.operon.timer.TimerStore;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.TimerStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTimerStoreTest extends TimerStoreContract {
  @TempDir static Path dir;

  private JdbcDatabase database;

  @Override
  protected TimerStore open(BackendOptions options) {
    database = JdbcDatabase.open("sqlite:" + dir.resolve("timerstore.db"), options);
    return ClosingPort.of(TimerStore.class, database.timerStore(), database);
  }
}
