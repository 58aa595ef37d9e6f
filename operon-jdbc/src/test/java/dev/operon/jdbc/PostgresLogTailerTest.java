package dev.operon.jdbc;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.LogTailerContract;
import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresLogTailerTest extends LogTailerContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected Backend open(BackendOptions options) {
    return JdbcDatabase.open(SCHEMA.url(), options).asBackend(options);
  }
}
