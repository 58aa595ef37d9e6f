package dev.operon.commands;

import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Persistent operations on the local PostgreSQL, in a schema of this class; skipped if it is down (unless on CI). */
class PostgresOperationStorageTest extends DatabaseOperationStorageContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected String url() {
    return SCHEMA.url();
  }
}
