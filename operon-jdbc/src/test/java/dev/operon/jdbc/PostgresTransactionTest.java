package dev.operon.jdbc;

import dev.operon.testkit.PostgresSchema;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

class PostgresTransactionTest extends TransactionTestSupport {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected JdbcDatabase open() {
    return JdbcDatabase.open(SCHEMA.url(), DatabaseFixtures.options());
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
