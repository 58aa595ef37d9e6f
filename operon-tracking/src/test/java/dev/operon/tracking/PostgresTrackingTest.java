package dev.operon.tracking;

import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tracked operations on the local PostgreSQL, in a schema of this class; skipped if it is down (unless on CI). */
class PostgresTrackingTest extends DatabaseTrackingContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected String url() {
    return SCHEMA.url();
  }
}
