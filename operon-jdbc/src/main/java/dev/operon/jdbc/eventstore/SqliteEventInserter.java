package dev.operon.jdbc.eventstore;

import dev.operon.eventstore.NewEvent;
import dev.operon.jdbc.internal.Tables;
import dev.operon.jdbc.internal.StatementCache;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** SQLite: the position is the rowid; one writer at a time makes rowid order the commit order. */
final class SqliteEventInserter implements EventInserter {
  private final String sql;

  SqliteEventInserter(Tables tables) {
    this.sql = tables.sql("INSERT INTO {p}events (stream, id, type, payload, metadata, recorded_at_ns)"
        + " VALUES (?, ?, ?, ?, ?, ?)");
  }

  @Override
  public void insert(StatementCache statements, AppendRequest request) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    long id = request.expectedLastId;
    for (NewEvent event : request.events) {
      statement.setString(1, request.stream);
      statement.setLong(2, ++id);
      statement.setString(3, event.type());
      statement.setBytes(4, event.payload());
      statement.setString(5, MetadataJson.write(event.metadata()));
      statement.setLong(6, request.recordedAtNanos);
      if (request.events.size() == 1) {
        statement.executeUpdate();
      } else {
        statement.addBatch();
      }
    }
    if (request.events.size() > 1) {
      statement.executeBatch();
    }
  }
}
