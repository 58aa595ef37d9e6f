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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL group commit: a whole batch (one append per stream) is ONE auto-committed statement,
 * so it costs one round trip and one commit. The statement moves the last id of every stream
 * whose current value is the expected one, inserts the events of exactly those appends, and
 * returns, for each append it left out, the stream's last id as the statement saw it: that caller
 * gets its conflict with that id, the others are unaffected. Only when that id equals the expected
 * one (the stream moved while the statement waited for its row lock) is the append tried again
 * alone, in a transaction of its own that succeeds or throws the conflict with the exact id.
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
        SELECT r.stream, r.stream IN (SELECT stream FROM ok) AS written, COALESCE(s.last_id, 0)
        FROM r LEFT JOIN {p}streams s ON s.stream = r.stream""".formatted(PostgresEventInserter.TRANSACTION_BASE));
  }

  @Override
  public void write(List<AppendRequest> batch) {
    Map<String, Long> conflicts = transactions.autoCommit(ErrorKind.EVENT_STORE, c -> writeAll(c, batch));
    for (AppendRequest request : batch) {
      Long actual = conflicts.get(request.stream);
      if (actual == null) {
        request.succeed(request.nextLastId());
      } else if (actual != request.expectedLastId) {
        request.fail(new ConflictException(request.stream, request.expectedLastId, actual));
      } else {
        writeAlone(request);
      }
    }
  }

  /** Runs the batch; returns the streams whose append was left out, with their last id before it. */
  private Map<String, Long> writeAll(Connection connection, List<AppendRequest> batch) throws SQLException {
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
      Map<String, Long> conflicts = new HashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          if (!rows.getBoolean(2)) {
            conflicts.put(rows.getString(1), rows.getLong(3));
          }
        }
      }
      return conflicts;
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
