package dev.operon.commands;

import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Commands joining the application's transactions on its PostgreSQL pool, in a schema of this class. */
class PostgresCallerTransactionTest extends CallerTransactionContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected String jdbcUrl() {
    return SCHEMA.jdbcUrl();
  }
}
