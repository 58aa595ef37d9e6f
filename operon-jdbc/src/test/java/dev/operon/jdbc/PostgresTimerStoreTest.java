package dev.operon.jdbc;

import dev.operon.spi.BackendOptions;
import dev.operon.testkit.TimerStoreContract;
import dev.operon.testkit.jdbc.PostgresSchema;
import dev.operon.timer.TimerStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTimerStoreTest extends TimerStoreContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  private JdbcDatabase database;

  @Override
  protected TimerStore open(BackendOptions options) {
    database = JdbcDatabase.open(SCHEMA.url(), options);
    return ClosingPort.of(TimerStore.class, database.timerStore(), database);
  }
}
