package dev.operon.jdbc;

import dev.operon.eventstore.EventStore;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.EventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventStoreTest extends EventStoreContract {
  @TempDir static Path dir;

  private JdbcDatabase database;

  @Override
  protected EventStore open(BackendOptions options) {
    database = JdbcDatabase.open("sqlite:" + dir.resolve("eventstore.db"), options);
    return ClosingPort.of(EventStore.class, database.eventStore(), database);
  }

  @Override
  protected void corruptLatestSnapshot(EventStore store, String stream) {
    SnapshotCorruption.corrupt(database, prefix, stream);
  }
}
