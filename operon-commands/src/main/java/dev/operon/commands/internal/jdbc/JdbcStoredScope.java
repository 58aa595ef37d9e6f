package dev.operon.commands.internal.jdbc;

import dev.operon.commands.internal.CommitVerification;
import dev.operon.commands.internal.EncodedOperation;
import dev.operon.commands.internal.OperationState;
import dev.operon.commands.internal.StoredScope;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.OpenTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The transaction of one persistent operation on a database: the handler's business writes go to
 * its connection; the commit adds the operation row and its events, then commits. A COMMIT that
 * fails is settled by looking for the operation row on a fresh connection.
 */
public final class JdbcStoredScope implements StoredScope {
  private final JdbcOperationLog log;
  private final OpenTransaction transaction;

  JdbcStoredScope(JdbcOperationLog log, OpenTransaction transaction) {
    this.log = log;
    this.transaction = transaction;
  }

  /** The connection of the operation's transaction. */
  public Connection connection() {
    return transaction.connection();
  }

  @Override
  public void commit(OperationState operation, Instant now, CommitVerification verification) {
    try {
      operation.loggedAt(now);
      write(operation, EncodedOperation.of(operation, now), now);
    } catch (SQLException e) {
      transaction.rollback();
      throw OperonException.of(ErrorKind.OPERATION_LOG, "Operation " + operation.id() + " could not be written: "
          + e.getMessage()).cause(e).build();
    } catch (RuntimeException | Error e) {
      transaction.rollback();
      throw e;
    }
    try {
      transaction.commit();
    } catch (SQLException e) {
      if (verification.settle(() -> log.committed(operation.id(), operation.mustStore()))) {
        return;
      }
      throw OperonException.of(ErrorKind.OPERATION_LOG, "The commit of operation " + operation.id()
          + " failed and the operation is not in the log, so it did not commit: " + e.getMessage())
          .id(OperonException.Ids.OPERATION, operation.id()).cause(e).retryable(true).build();
    }
  }

  private void write(OperationState operation, EncodedOperation encoded, Instant now) throws SQLException {
    Connection c = transaction.connection();
    long loggedAt = JdbcOperationLog.nanos(now);
    for (EncodedOperation.EncodedEvent event : encoded.events()) {
      String sql = switch (event.onConflict()) {
        case FAIL -> log.sql.insertEvent;
        case SKIP -> log.sql.insertEventIfMissing;
        case UPDATE -> log.sql.upsertNewEvent;
      };
      PreparedStatement st = log.statement(c, sql);
      st.setString(1, event.id());
      st.setLong(2, loggedAt);
      st.setLong(3, JdbcOperationLog.nanos(event.delayUntil()));
      st.setString(4, event.valueType());
      st.setString(5, event.value());
      st.setString(6, event.headers());
      st.executeUpdate();
    }
    if (!operation.mustStore()) {
      PreparedStatement st = log.statement(c, log.sql.insertMarker);
      st.setString(1, EncodedOperation.markerId(operation.id()));
      st.setLong(2, loggedAt);
      st.setLong(3, loggedAt);
      st.executeUpdate();
      return;
    }
    PreparedStatement st = log.statement(c, log.sql.insertOperation);
    st.setString(1, operation.id());
    st.setString(2, operation.hostId());
    st.setLong(3, loggedAt);
    st.setString(4, encoded.commandType());
    st.setString(5, encoded.command());
    st.setString(6, encoded.items());
    st.setString(7, encoded.nested());
    try (ResultSet rows = st.executeQuery()) {
      rows.next();
      operation.index(rows.getLong(1));
    }
  }

  @Override
  public void whenCommitted(Runnable action) {
    transaction.whenCommitted(action);
  }

  @Override
  public void rollback() {
    if (!transaction.ended()) {
      transaction.rollback();
    }
  }
}
