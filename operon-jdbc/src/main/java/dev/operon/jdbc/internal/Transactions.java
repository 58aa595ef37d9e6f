package dev.operon.jdbc.internal;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.TransactionWork;
import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.dialect.SqlFailure;
import dev.operon.runtime.AfterCommitActions;
import dev.operon.spi.BackendUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections and transactions of one database, shared by every port made from it.
 *
 * <p>A connection can be bound to the current thread, either a transaction this class opened
 * ({@link #inTransaction}) or a connection the caller owns ({@link #joining}). While it is bound,
 * every read and write of every port runs on it, so that they commit or roll back with the
 * caller's own statements. Otherwise each write runs in its own short transaction, retried on a
 * serialization failure, deadlock or busy database, and each read runs in auto-commit.
 */
public final class Transactions {
  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
  private static final int ATTEMPTS = 5;

  private final DataSource pool;
  private final Dialect dialect;
  private final WriteLock writeLock;
  private final BackendUrl url;
  private final ThreadLocal<Connection> bound = new ThreadLocal<>();
  /** What to do once the transaction {@link #inTransaction} opened on this thread commits. */
  private final AfterCommitActions afterCommit = new AfterCommitActions();
  private final ReusedStatements reused = new ReusedStatements();
  private final Statements statements;
  /** The caller's transactions that {@link #begin} joins; null: it always opens its own. */
  private volatile dev.operon.jdbc.CallerTransactions callers;

  public Transactions(DataSource pool, Dialect dialect, WriteLock writeLock, BackendUrl url) {
    this.pool = pool;
    this.dialect = dialect;
    this.writeLock = writeLock;
    this.url = url;
    this.statements = new Statements(dialect, reused);
  }

  /** How the stores on this database run their statements (reused per connection on SQLite). */
  public Statements statements() {
    return statements;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Makes {@link #begin} join the caller's transaction open on the thread, when there is one. */
  public void joinCallerTransactions(dev.operon.jdbc.CallerTransactions callers) {
    this.callers = callers;
  }

  /** Whether a caller's transaction is bound to this thread. */
  public boolean bound() {
    return bound.get() != null;
  }

  /** Runs {@code work} on the bound connection, or on a pooled connection in auto-commit. */
  public <T> T read(ErrorKind kind, SqlWork<T> work) {
    Connection connection = bound.get();
    try {
      if (connection != null) {
        return work.run(connection);
      }
      try (Connection own = pool.getConnection()) {
        return work.run(own);
      }
    } catch (SQLException e) {
      throw failure(kind, e);
    }
  }

  /** Runs {@code work} on the bound connection, or in a transaction of its own (retried). */
  public <T> T write(ErrorKind kind, SqlWork<T> work) {
    Connection connection = bound.get();
    if (connection != null) {
      try {
        return work.run(connection);
      } catch (SQLException e) {
        throw failure(kind, e);
      }
    }
    return writeOwn(kind, work);
  }

  /** Runs {@code work} in a transaction of its own, even if a connection is bound. */
  public <T> T writeOwn(ErrorKind kind, SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(work);
      } catch (SQLException e) {
        if (attempt >= ATTEMPTS || dialect.classify(e) != SqlFailure.RETRYABLE) {
          throw failure(kind, e);
        }
        LOG.debug("Retrying a transaction on {} after {} (attempt {})", url, e.getSQLState(), attempt);
      }
    }
  }

  /**
   * Runs {@code work}, a single statement, on the bound connection if any; else in auto-commit
   * (one round trip) where the database takes many writers, or under the write lock on SQLite.
   */
  public <T> T writeStatement(ErrorKind kind, SqlWork<T> work) {
    if (bound.get() != null || dialect.singleWriter()) {
      return write(kind, work);
    }
    return autoCommit(kind, work);
  }

  /** Runs {@code work} on a pooled connection in auto-commit mode (one statement, one commit). */
  public <T> T autoCommit(ErrorKind kind, SqlWork<T> work) {
    try (Connection own = pool.getConnection()) {
      return work.run(own);
    } catch (SQLException e) {
      throw failure(kind, e);
    }
  }

  private <T> T writeOnce(SqlWork<T> work) throws SQLException {
    writeLock.lock();
    try (Connection own = pool.getConnection()) {
      return dialect.singleWriter() ? inImmediateTransaction(own, work) : inJdbcTransaction(own, work);
    } finally {
      writeLock.unlock();
    }
  }

  private static <T> T inJdbcTransaction(Connection connection, SqlWork<T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      rollbackQuietly(connection);
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * SQLite: BEGIN IMMEDIATE and COMMIT by hand on an auto-commit connection. The driver's own
   * transaction mode opens the next transaction right after each commit, which costs a second
   * begin and commit per write. The three statements are prepared once per connection.
   */
  private <T> T inImmediateTransaction(Connection connection, SqlWork<T> work) throws SQLException {
    StatementCache statements = reused.of(connection);
    statements.get("BEGIN IMMEDIATE").execute();
    try {
      T result = work.run(connection);
      statements.get("COMMIT").execute();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        statements.get("ROLLBACK").execute();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }

  /**
   * Runs {@code work} in one transaction bound to this thread; commits if it returns, rolls back
   * if it throws. Nested calls join the outer transaction.
   */
  public <T> T inTransaction(ErrorKind kind, TransactionWork<T> work) {
    Connection outer = bound.get();
    if (outer != null) {
      return runBody(kind, work, outer);
    }
    AfterCommitActions.Batch committed = afterCommit.begin();
    T result;
    writeLock.lock();
    try (Connection own = pool.getConnection()) {
      bound.set(own);
      try {
        result = dialect.singleWriter()
            ? inImmediateTransaction(own, c -> runBody(kind, work, c))
            : inJdbcTransaction(own, c -> runBody(kind, work, c));
      } finally {
        bound.remove();
      }
    } catch (SQLException e) {
      throw failure(kind, e);
    } finally {
      committed.close();
      writeLock.unlock();
    }
    committed.runAll();
    return result;
  }

  /**
   * Begins a transaction bound to this thread, for a caller that commits or rolls it back later on
   * this same thread (it holds the write lock on SQLite until then). Throws if one is bound already.
   * Inside a caller's transaction ({@link #joinCallerTransactions}) it joins that one instead, from
   * a savepoint.
   */
  public dev.operon.jdbc.OpenTransaction begin(ErrorKind kind) {
    if (bound.get() != null) {
      throw OperonException.of(ErrorKind.CONFIGURATION, "A transaction on " + url
          + " is already bound to this thread; begin one only outside another").build();
    }
    dev.operon.jdbc.CallerTransactions.CallerTransaction caller = callers == null ? null : callers.current();
    if (caller != null) {
      return join(kind, caller);
    }
    AfterCommitActions.Batch committed = afterCommit.begin();
    writeLock.lock();
    Connection own = null;
    try {
      own = pool.getConnection();
      if (dialect.singleWriter()) {
        reused.of(own).get("BEGIN IMMEDIATE").execute();
      } else {
        own.setAutoCommit(false);
      }
      bound.set(own);
      return new BoundTransaction(own, committed);
    } catch (SQLException e) {
      closeQuietly(own);
      committed.close();
      writeLock.unlock();
      throw failure(kind, e);
    }
  }

  private dev.operon.jdbc.OpenTransaction join(ErrorKind kind,
      dev.operon.jdbc.CallerTransactions.CallerTransaction caller) {
    java.sql.Savepoint savepoint;
    try {
      savepoint = caller.connection().setSavepoint();
    } catch (SQLException e) {
      throw failure(kind, e);
    }
    AfterCommitActions.Batch committed = afterCommit.begin();
    bound.set(caller.connection());
    return new JoinedTransaction(caller, savepoint, committed, bound::remove);
  }

  /** The transaction {@link #begin} opened: ends on the thread that began it. */
  private final class BoundTransaction extends ThreadBoundTransaction {
    private final Connection connection;

    BoundTransaction(Connection connection, AfterCommitActions.Batch committed) {
      super(committed, bound::remove);
      this.connection = connection;
    }

    @Override
    public Connection connection() {
      return connection;
    }

    @Override
    public void commit() throws SQLException {
      end();
      try {
        if (dialect.singleWriter()) {
          reused.of(connection).get("COMMIT").execute();
        } else {
          connection.commit();
        }
      } catch (SQLException e) {
        undo();
        release();
        throw e;
      }
      release();
      committed().runAll();
    }

    @Override
    public void rollback() {
      end();
      undo();
      release();
    }

    /** Rolls back what is still open (after a failed COMMIT, SQLite may have ended it already). */
    private void undo() {
      try {
        if (dialect.singleWriter()) {
          reused.of(connection).get("ROLLBACK").execute();
        } else {
          connection.rollback();
        }
      } catch (SQLException e) {
        LOG.debug("Rollback on {} did nothing: {}", url, e.getMessage());
      }
    }

    private void release() {
      try {
        if (!dialect.singleWriter()) {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        LOG.debug("Could not reset auto-commit on {}: {}", url, e.getMessage());
      } finally {
        closeQuietly(connection);
        writeLock.unlock();
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing a connection failed: {}", e.getMessage());
      }
    }
  }

  /**
   * Runs {@code action} once the transaction {@link #inTransaction} opened on this thread commits
   * (never if it rolls back); at once when there is none (no transaction, or a caller's own
   * connection joined with {@link #joining}, whose commit this class does not see).
   */
  public void afterCommit(String purpose, Runnable action) {
    afterCommit.add(purpose, action);
  }

  /** Binds {@code connection} (owned by the caller, who commits) to this thread while {@code work} runs. */
  public <T> T joining(Connection connection, Callable<T> work) {
    Connection previous = bound.get();
    bound.set(connection);
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw OperonException.of(ErrorKind.UNKNOWN, "Work joined to a caller's transaction failed: " + e)
          .cause(e).build();
    } finally {
      if (previous == null) {
        bound.remove();
      } else {
        bound.set(previous);
      }
    }
  }

  private <T> T runBody(ErrorKind kind, TransactionWork<T> work, Connection connection) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(kind, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw OperonException.of(ErrorKind.UNKNOWN, "A transaction on " + url + " failed: " + e)
          .cause(e).build();
    }
  }

  /** An {@link OperonException} of {@code kind} for {@code e}, retryable when the database says so. */
  public OperonException failure(ErrorKind kind, SQLException e) {
    SqlFailure what = dialect.classify(e);
    String message = switch (what) {
      case CONNECTION -> "Cannot reach the database " + url + ": " + e.getMessage()
          + "; " + dialect.unreachableHint();
      case RETRYABLE -> "The database " + url + " asked to retry (" + e.getSQLState() + "): "
          + e.getMessage();
      default -> "A statement on " + url + " failed (SQLState " + e.getSQLState() + "): " + e.getMessage();
    };
    boolean retryable = what == SqlFailure.RETRYABLE || what == SqlFailure.CONNECTION;
    return OperonException.of(kind, message).cause(e).retryable(retryable).build();
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.warn("Rollback failed: {}", e.getMessage());
    }
  }

}
