package dev.operon.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A transaction begun by {@link JdbcDatabase#begin()} and bound to the thread that began it: the
 * stores of the database join it until that thread commits or rolls it back. For a unit of work
 * whose extent a framework decides (a command's operation scope asks for the database only when
 * its handler does, and commits after the handler returns), where {@link JdbcDatabase#inTransaction}
 * needs one callback.
 */
public interface OpenTransaction extends AutoCloseable {

  /** The transaction's connection; do not commit, roll back or close it. */
  Connection connection();

  /**
   * Commits, then runs the actions registered to run after it. An exception means the outcome is
   * unknown when it comes from the COMMIT itself (the database may have committed before the
   * connection failed): the caller finds out by reading what it wrote on another connection.
   */
  void commit() throws SQLException;

  /** Rolls back; the actions registered to run after a commit are dropped. */
  void rollback();

  /**
   * Runs {@code action} once this transaction's writes are committed: at once when {@link #commit}
   * committed them; for a transaction that joined the caller's ({@link CallerTransactions}), once
   * the caller's transaction commits, and never if it rolls back. Call it after {@link #commit}.
   */
  default void whenCommitted(Runnable action) {
    action.run();
  }

  /** Whether {@link #commit} or {@link #rollback} has ended it. */
  boolean ended();

  /** Rolls back unless it has ended. */
  @Override
  default void close() {
    if (!ended()) {
      rollback();
    }
  }
}
