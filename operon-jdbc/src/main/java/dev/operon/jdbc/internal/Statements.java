package dev.operon.jdbc.internal;

import dev.operon.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How the stores run a statement on a connection. SQLite compiles a statement natively on every
 * {@code prepareStatement} (parsing and planning cost more than a one-row write), so there each
 * statement is prepared once per physical connection and reused by every later checkout of it
 * ({@link ReusedStatements}). PostgreSQL's driver keeps the server-side statements of a
 * connection by SQL itself, so there a statement is prepared and closed per use.
 */
public final class Statements {
  private final ReusedStatements reused;

  Statements(Dialect dialect, ReusedStatements reused) {
    this.reused = dialect.reusesStatements() ? reused : null;
  }

  /** Runs {@code work} with {@code sql} prepared on {@code connection} (its parameters cleared). */
  public <T> T run(Connection connection, String sql, Work<T> work) throws SQLException {
    if (reused == null) {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        return work.run(statement);
      }
    }
    return work.run(reused.of(connection).get(sql));
  }

  /** Runs {@code work} like {@link #run} for a statement that returns nothing. */
  public void runVoid(Connection connection, String sql, VoidWork work) throws SQLException {
    run(connection, sql, statement -> {
      work.run(statement);
      return null;
    });
  }

  /**
   * Runs {@code work} with statements of {@code connection} that it prepares as it needs them: the
   * connection's reused ones where statements are reused, else ones closed when it returns.
   */
  public <T> T withCache(Connection connection, CacheWork<T> work) throws SQLException {
    if (reused == null) {
      try (StatementCache cache = new StatementCache(connection)) {
        return work.run(cache);
      }
    }
    return work.run(reused.of(connection));
  }

  /** What is done with the statements of a connection. */
  @FunctionalInterface
  public interface CacheWork<T> {
    T run(StatementCache statements) throws SQLException;
  }

  /** What is done with a prepared statement. */
  @FunctionalInterface
  public interface Work<T> {
    T run(PreparedStatement statement) throws SQLException;
  }

  /** What is done with a prepared statement that returns nothing. */
  @FunctionalInterface
  public interface VoidWork {
    void run(PreparedStatement statement) throws SQLException;
  }
}
