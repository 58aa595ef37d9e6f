package dev.operon.documents;

import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Documents on the local PostgreSQL, in a schema of this class; skipped if it is down (unless on CI). */
class PostgresDocumentsTest extends DatabaseDocumentsContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected String url() {
    return SCHEMA.url();
  }
}
