package dev.operon.jdbc.eventstore;

import dev.operon.eventstore.StoredEvent;
import dev.operon.eventstore.StreamPrefix;
import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Statements;
import dev.operon.jdbc.internal.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The read side of the event store: per stream, across streams (all of them, or those whose name
 * starts with a prefix), current id.
 */
final class EventReader {
  private static final String COLUMNS = "stream, id, position, type, payload, metadata, recorded_at_ns";

  private final String streamSql;
  private final String allSql;
  private final String prefixSql;
  private final String openPrefixSql;
  private final String currentIdSql;
  private final Dialect dialect;
  private final Statements statements;

  /**
   * @param visibleBound a condition on {@code position} that keeps only the prefix of the log
   *     behind which no transaction can still commit (empty on SQLite)
   * @param dialect how the stream column is compared in code point order, as the prefix index
   *     holds it, and how a prefix read is planned
   */
  EventReader(Tables tables, Statements statements, String visibleBound, Dialect dialect) {
    this.dialect = dialect;
    this.statements = statements;
    String orderedStream = dialect.codePointOrder("stream");
    this.streamSql = tables.sql("SELECT " + COLUMNS + " FROM {p}events WHERE stream = ? AND id > ? ORDER BY id LIMIT ?");
    this.allSql = tables.sql("SELECT " + COLUMNS + " FROM {p}events WHERE position > ?" + visibleBound
        + " ORDER BY position LIMIT ?");
    String fromPrefix = "SELECT " + COLUMNS + " FROM {p}events WHERE " + orderedStream + " >= ?";
    String afterPosition = " AND position > ?" + visibleBound + " ORDER BY position LIMIT ?";
    this.prefixSql = tables.sql(fromPrefix + " AND " + orderedStream + " < ?" + afterPosition);
    this.openPrefixSql = tables.sql(fromPrefix + afterPosition);
    this.currentIdSql = tables.sql("SELECT last_id FROM {p}streams WHERE stream = ?");
  }

  List<StoredEvent> stream(Connection connection, String stream, long afterId, int limit) throws SQLException {
    return statements.run(connection, streamSql, statement -> {
      statement.setString(1, stream);
      statement.setLong(2, afterId);
      statement.setInt(3, limit);
      return rows(statement);
    });
  }

  List<StoredEvent> all(Connection connection, long afterPosition, int limit) throws SQLException {
    return statements.run(connection, allSql, statement -> {
      statement.setLong(1, afterPosition);
      statement.setInt(2, limit);
      return rows(statement);
    });
  }

  List<StoredEvent> all(Connection connection, long afterPosition, int limit, StreamPrefix prefix)
      throws SQLException {
    PrefixRange range = PrefixRange.of(prefix);
    return statements.run(connection, range.until().isPresent() ? prefixSql : openPrefixSql, statement -> {
      dialect.planEachExecution(statement);
      int parameter = 1;
      statement.setString(parameter++, range.from());
      if (range.until().isPresent()) {
        statement.setString(parameter++, range.until().get());
      }
      statement.setLong(parameter++, afterPosition);
      statement.setInt(parameter, limit);
      return rows(statement);
    });
  }

  long currentId(Connection connection, String stream) throws SQLException {
    return statements.run(connection, currentIdSql, statement -> {
      statement.setString(1, stream);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    });
  }

  private static List<StoredEvent> rows(PreparedStatement statement) throws SQLException {
    List<StoredEvent> events = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        events.add(new StoredEvent(
            rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getString(4), rows.getBytes(5),
            MetadataJson.read(rows.getString(6)), EpochNanos.toInstant(rows.getLong(7))));
      }
    }
    return events;
  }
}
