package dev.operon.jdbc.eventstore;

import dev.operon.eventstore.NewEvent;
import dev.operon.jdbc.internal.Tables;
import dev.operon.jdbc.internal.StatementCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * PostgreSQL: positions are {@code (xid << 20) + n}, where xid is the writing transaction's id and
 * n counts the events this transaction wrote before (found with one probe of the primary key, so
 * that several appends in one caller's transaction keep increasing positions).
 */
final class PostgresEventInserter implements EventInserter {
  static final String TRANSACTION_BASE = "(pg_current_xact_id()::text::bigint << 20)";

  private final String sql;

  PostgresEventInserter(Tables tables) {
    this.sql = tables.sql("INSERT INTO {p}events (position, stream, id, type, payload, metadata, recorded_at_ns)"
        + " SELECT b.base + e.ord - 1, ?, e.id, e.type, e.payload, e.metadata, ?"
        + " FROM (SELECT COALESCE((SELECT MAX(position) + 1 FROM {p}events"
        + "   WHERE position >= x.lo AND position < x.lo + 1048576), x.lo) AS base"
        + "   FROM (SELECT " + TRANSACTION_BASE + " AS lo) x) b,"
        + " unnest(?::int8[], ?::text[], ?::bytea[], ?::text[]) WITH ORDINALITY AS e(id, type, payload, metadata, ord)");
  }

  @Override
  public void insert(StatementCache statements, AppendRequest request) throws SQLException {
    EventArrays arrays = EventArrays.of(java.util.List.of(request));
    Connection connection = statements.connection();
    PreparedStatement statement = statements.get(sql);
    statement.setString(1, request.stream);
    statement.setLong(2, request.recordedAtNanos);
    statement.setArray(3, connection.createArrayOf("int8", arrays.ids()));
    statement.setArray(4, connection.createArrayOf("text", arrays.types()));
    statement.setArray(5, connection.createArrayOf("bytea", arrays.payloads()));
    statement.setArray(6, connection.createArrayOf("text", arrays.metadata()));
    statement.executeUpdate();
  }
}
