package dev.operon.jdbc.eventstore;

import dev.operon.error.ConflictException;
import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.internal.StatementCache;
import dev.operon.jdbc.internal.Statements;
import dev.operon.jdbc.internal.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Appends one request inside the current transaction: moves the stream's last id from the
 * expected one to the new one (a {@link ConflictException} with the actual id, before anything
 * is written, if it is not the expected one) and inserts the events.
 */
final class StreamAppender {
  private final String lockSql;
  private final String createSql;
  private final String updateSql;
  private final EventInserter inserter;
  private final Statements statements;

  StreamAppender(Tables tables, Statements statements, Dialect dialect, EventInserter inserter) {
    this.statements = statements;
    this.lockSql = tables.sql("SELECT last_id FROM {p}streams WHERE stream = ?") + dialect.forUpdate();
    this.createSql = tables.sql("INSERT INTO {p}streams (stream, last_id) VALUES (?, ?) ON CONFLICT (stream) DO NOTHING");
    this.updateSql = tables.sql("UPDATE {p}streams SET last_id = ? WHERE stream = ? AND last_id = ?");
    this.inserter = inserter;
  }

  /** Appends {@code request} on its own; returns the new last id or throws its conflict. */
  long append(Connection connection, AppendRequest request) throws SQLException {
    return statements.withCache(connection, cache -> append(cache, request));
  }

  /**
   * Appends {@code request} with prepared statements reused across a batch. The common case is two
   * statements: move the last id (UPDATE ... WHERE last_id = expected, or INSERT for a new stream),
   * then insert the events. When the move finds nothing, the row is read (locked on PostgreSQL) to
   * name the actual id; if it equals the expected one after all (it moved meanwhile), try again.
   */
  long append(StatementCache statements, AppendRequest request) throws SQLException {
    while (!moveLastId(statements, request)) {
      long actual = lastId(statements, request.stream);
      if (actual != request.expectedLastId) {
        throw new ConflictException(request.stream, request.expectedLastId, actual);
      }
    }
    inserter.insert(statements, request);
    return request.nextLastId();
  }

  private boolean moveLastId(StatementCache statements, AppendRequest request) throws SQLException {
    return request.expectedLastId == 0 ? create(statements, request) : update(statements, request);
  }

  /** The stream's last id, locking its row where the database can; 0 if it has none. */
  long lastId(StatementCache statements, String stream) throws SQLException {
    PreparedStatement statement = statements.get(lockSql);
    statement.setString(1, stream);
    try (ResultSet rows = statement.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private boolean create(StatementCache statements, AppendRequest request) throws SQLException {
    PreparedStatement statement = statements.get(createSql);
    statement.setString(1, request.stream);
    statement.setLong(2, request.nextLastId());
    return statement.executeUpdate() == 1;
  }

  private boolean update(StatementCache statements, AppendRequest request) throws SQLException {
    PreparedStatement statement = statements.get(updateSql);
    statement.setLong(1, request.nextLastId());
    statement.setString(2, request.stream);
    statement.setLong(3, request.expectedLastId);
    return statement.executeUpdate() == 1;
  }
}
