package dev.operon.jdbc.eventstore;

import dev.operon.eventstore.Snapshot;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Statements;
import dev.operon.jdbc.internal.Tables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots with their SHA-256 checksum. Saving one deletes the oldest beyond the maximum count;
 * reading skips (and logs) a snapshot whose state no longer matches its checksum.
 */
final class SnapshotTable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotTable.class);

  private final String upsertSql;
  private final String pruneSql;
  private final String newestFirstSql;
  private final String countSql;
  private final int maxSnapshots;
  private final Statements statements;

  SnapshotTable(Tables tables, Statements statements, int maxSnapshots) {
    this.maxSnapshots = maxSnapshots;
    this.statements = statements;
    this.upsertSql = tables.sql("INSERT INTO {p}snapshots (stream, last_event_id, state, checksum, created_at_ns)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (stream, last_event_id) DO UPDATE SET"
        + " state = excluded.state, checksum = excluded.checksum, created_at_ns = excluded.created_at_ns");
    this.pruneSql = tables.sql("DELETE FROM {p}snapshots WHERE stream = ? AND last_event_id NOT IN"
        + " (SELECT last_event_id FROM {p}snapshots WHERE stream = ? ORDER BY last_event_id DESC LIMIT ?)");
    this.newestFirstSql = tables.sql("SELECT last_event_id, state, checksum, created_at_ns FROM {p}snapshots"
        + " WHERE stream = ? ORDER BY last_event_id DESC");
    this.countSql = tables.sql("SELECT COUNT(*) FROM {p}snapshots WHERE stream = ?");
  }

  Snapshot save(Connection connection, String stream, long lastEventId, byte[] state, Instant now)
      throws SQLException {
    Snapshot snapshot = new Snapshot(stream, lastEventId, state.clone(), Snapshot.checksumOf(state), now);
    statements.runVoid(connection, upsertSql, statement -> {
      statement.setString(1, stream);
      statement.setLong(2, lastEventId);
      statement.setBytes(3, snapshot.state());
      statement.setString(4, snapshot.checksum());
      statement.setLong(5, EpochNanos.of(now));
      statement.executeUpdate();
    });
    statements.runVoid(connection, pruneSql, statement -> {
      statement.setString(1, stream);
      statement.setString(2, stream);
      statement.setInt(3, maxSnapshots);
      statement.executeUpdate();
    });
    return snapshot;
  }

  Optional<Snapshot> latestIntact(Connection connection, String stream) throws SQLException {
    return statements.run(connection, newestFirstSql, statement -> {
      statement.setString(1, stream);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Snapshot snapshot = new Snapshot(stream, rows.getLong(1), rows.getBytes(2), rows.getString(3),
              EpochNanos.toInstant(rows.getLong(4)));
          if (snapshot.intact()) {
            return Optional.of(snapshot);
          }
          LOG.warn("Snapshot of stream {} at event {} does not match its SHA-256 checksum; skipping it",
              stream, snapshot.lastEventId());
        }
      }
      return Optional.<Snapshot>empty();
    });
  }

  int count(Connection connection, String stream) throws SQLException {
    return statements.run(connection, countSql, statement -> {
      statement.setString(1, stream);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    });
  }
}
