package dev.operon.jdbc;

import dev.operon.eventstore.EventStore;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.EventStoreContract;
import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresEventStoreTest extends EventStoreContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  private JdbcDatabase database;

  @Override
  protected EventStore open(BackendOptions options) {
    database = JdbcDatabase.open(SCHEMA.url(), options);
    return ClosingPort.of(EventStore.class, database.eventStore(), database);
  }

  @Override
  protected void corruptLatestSnapshot(EventStore store, String stream) {
    SnapshotCorruption.corrupt(database, prefix, stream);
  }
}
