package dev.operon.jdbc;

import java.sql.SQLException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

class SqliteTransactionTest extends TransactionTestSupport {
  @TempDir static Path dir;

  @Override
  protected JdbcDatabase open() {
    return JdbcDatabase.open("sqlite:" + dir.resolve("tx.db"), DatabaseFixtures.options());
  }

  @Test
  void commitMakesTheCallersRowTheEventAndTheTaskVisible() throws SQLException {
    commitMakesAllThreeVisible();
  }

  @Test
  void throwingRollsBackTheCallersRowTheEventAndTheTask() throws SQLException {
    throwingRollsBackAllThree();
  }

  @Test
  void joiningACallersOwnConnectionCommitsAndRollsBackWithIt() throws SQLException {
    joiningACallersConnectionCommitsWithIt();
  }

  @Test
  void publishAllCommitsAndRollsBackWithTheCallersTransaction() throws SQLException {
    publishAllCommitsAndRollsBackWithIt();
  }

  @Test
  void ackAllCommitsAndRollsBackWithTheCallersTransaction() throws SQLException {
    ackAllCommitsAndRollsBackWithIt();
  }
}
