package dev.operon.jdbc;

import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transaction tests on PostgreSQL, in a schema of their own. */
class PostgresTransactionTest extends TransactionTestSupport {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected JdbcDatabase open() {
    return JdbcDatabase.open(SCHEMA.url(), DatabaseFixtures.options());
  }
}
