package dev.operon.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The transaction tests on a SQLite file. */
class SqliteTransactionTest extends TransactionTestSupport {
  @TempDir static Path dir;

  @Override
  protected JdbcDatabase open() {
    return JdbcDatabase.open("sqlite:" + dir.resolve("tx.db"), DatabaseFixtures.options());
  }
}
