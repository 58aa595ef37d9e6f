package dev.operon.jdbc.internal;

import dev.operon.jdbc.CallerTransactions.CallerTransaction;
import dev.operon.runtime.AfterCommitActions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unit of work of Operon's inside a transaction of the caller's ({@link
 * dev.operon.jdbc.CallerTransactions}): it begins at a savepoint, so that rolling it back undoes
 * its own writes and leaves the caller's; committing it releases the savepoint, and its writes
 * commit with the caller's transaction. What it leaves to do after its commit (the after-commit
 * actions collected while it was bound, and {@link #whenCommitted}) runs once the caller's
 * transaction commits, and never if that rolls back.
 */
final class JoinedTransaction extends ThreadBoundTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(JoinedTransaction.class);

  private final CallerTransaction caller;
  private final Savepoint savepoint;
  private boolean released;

  JoinedTransaction(CallerTransaction caller, Savepoint savepoint, AfterCommitActions.Batch committed,
      Runnable unbind) {
    super(committed, unbind);
    this.caller = caller;
    this.savepoint = savepoint;
  }

  @Override
  public Connection connection() {
    return caller.connection();
  }

  @Override
  public void commit() throws SQLException {
    end();
    try {
      caller.connection().releaseSavepoint(savepoint);
    } catch (SQLException e) {
      undo();
      throw e;
    }
    released = true;
    caller.afterCommit(committed()::runAll);
  }

  @Override
  public void rollback() {
    end();
    undo();
  }

  @Override
  public void whenCommitted(Runnable action) {
    if (!released) {
      throw new IllegalStateException("whenCommitted is for a transaction that has committed");
    }
    caller.afterCommit(action);
  }

  private void undo() {
    try {
      caller.connection().rollback(savepoint);
    } catch (SQLException e) {
      LOG.debug("Rolling back to the savepoint did nothing: {}", e.getMessage());
    }
  }
}
