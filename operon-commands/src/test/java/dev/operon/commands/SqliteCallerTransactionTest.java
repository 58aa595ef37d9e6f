package dev.operon.commands;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Commands joining the application's transactions on its SQLite pool (WAL, busy timeout, immediate transactions). */
class SqliteCallerTransactionTest extends CallerTransactionContract {
  @TempDir Path dir;

  @Override
  protected String jdbcUrl() {
    return "jdbc:sqlite:" + dir.resolve("app.db") + "?journal_mode=WAL&busy_timeout=30000&transaction_mode=IMMEDIATE";
  }
}
