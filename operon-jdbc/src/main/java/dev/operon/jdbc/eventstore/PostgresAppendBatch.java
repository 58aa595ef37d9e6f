package dev.operon.jdbc.eventstore;

import dev.operon.error.ConflictException;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.internal.GroupCommitter;
import dev.operon.jdbc.internal.Tables;
import dev.operon.jdbc.internal.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL group commit: a whole batch (one append per stream) is ONE auto-committed statement,
 * so it costs one round trip and one commit. The statement moves the last id of every stream
 * whose current value is the expected one, and inserts the events of exactly those appends. An
 * append left out (its stream moved, or a new stream created meanwhile) is then tried again alone
 * in a transaction of its own, which either succeeds or throws that caller's conflict with the
 * exact actual id.
 */
final class PostgresAppendBatch implements GroupCommitter.BatchWriter<AppendRequest> {
  private final Transactions transactions;
  private final StreamAppender appender;
  private final String sql;

  PostgresAppendBatch(Transactions transactions, StreamAppender appender, Tables tables) {
    this.transactions = transactions;
    this.appender = appender;
    this.sql = tables.sql("""
        WITH r AS (
          SELECT * FROM unnest(?::text[], ?::int8[], ?::int8[]) AS r(stream, expected, next)
        ), ins AS (
          INSERT INTO {p}streams (stream, last_id)
          SELECT stream, next FROM r WHERE expected = 0
          ON CONFLICT (stream) DO NOTHING RETURNING stream
        ), upd AS (
          UPDATE {p}streams s SET last_id = r.next FROM r
          WHERE r.expected > 0 AND s.stream = r.stream AND s.last_id = r.expected
          RETURNING s.stream
        ), ok AS (
          SELECT stream FROM ins UNION ALL SELECT stream FROM upd
        ), ev AS (
          INSERT INTO {p}events (position, stream, id, type, payload, metadata, recorded_at_ns)
          SELECT %s + e.ord, e.stream, e.id, e.type, e.payload, e.metadata, ?
          FROM unnest(?::text[], ?::int8[], ?::text[], ?::bytea[], ?::text[])
            WITH ORDINALITY AS e(stream, id, type, payload, metadata, ord)
          WHERE e.stream IN (SELECT stream FROM ok)
        )
        SELECT stream FROM ok""".formatted(PostgresEventInserter.TRANSACTION_BASE));
  }

  @Override
  public void write(List<AppendRequest> batch) {
    Set<String> written = transactions.autoCommit(ErrorKind.EVENT_STORE, c -> writeAll(c, batch));
    for (AppendRequest request : batch) {
      if (written.contains(request.stream)) {
        request.succeed(request.nextLastId());
      } else {
        writeAlone(request);
      }
    }
  }

  private Set<String> writeAll(Connection connection, List<AppendRequest> batch) throws SQLException {
    int size = batch.size();
    String[] streams = new String[size];
    Long[] expected = new Long[size];
    Long[] next = new Long[size];
    for (int i = 0; i < size; i++) {
      streams[i] = batch.get(i).stream;
      expected[i] = batch.get(i).expectedLastId;
      next[i] = batch.get(i).nextLastId();
    }
    EventArrays events = EventArrays.of(batch);
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setArray(1, connection.createArrayOf("text", streams));
      statement.setArray(2, connection.createArrayOf("int8", expected));
      statement.setArray(3, connection.createArrayOf("int8", next));
      statement.setLong(4, batch.get(0).recordedAtNanos);
      statement.setArray(5, connection.createArrayOf("text", events.streams()));
      statement.setArray(6, connection.createArrayOf("int8", events.ids()));
      statement.setArray(7, connection.createArrayOf("text", events.types()));
      statement.setArray(8, connection.createArrayOf("bytea", events.payloads()));
      statement.setArray(9, connection.createArrayOf("text", events.metadata()));
      Set<String> written = new HashSet<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          written.add(rows.getString(1));
        }
      }
      return written;
    }
  }

  private void writeAlone(AppendRequest request) {
    try {
      request.succeed(transactions.writeOwn(ErrorKind.EVENT_STORE, c -> appender.append(c, request)));
    } catch (ConflictException conflict) {
      request.fail(conflict);
    } catch (OperonException e) {
      request.fail(e);
    }
  }
}
