package dev.operon.jdbc.queue;

import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Tables;
import dev.operon.queue.QueueStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Depth, oldest age and dead-letter count of a queue. */
final class QueueStatsQuery {
  private QueueStatsQuery() {}

  static QueueStats of(Connection connection, Tables tables, String queue, Instant now) throws SQLException {
    long depth;
    Optional<Duration> oldest = Optional.empty();
    try (PreparedStatement statement = connection.prepareStatement(
        tables.sql("SELECT COUNT(*), MIN(published_at_ns) FROM {p}tasks WHERE queue = ?"))) {
      statement.setString(1, queue);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        depth = rows.getLong(1);
        long published = rows.getLong(2);
        if (!rows.wasNull() && depth > 0) {
          Duration age = Duration.between(EpochNanos.toInstant(published), now);
          oldest = Optional.of(age.isNegative() ? Duration.ZERO : age);
        }
      }
    }
    long dead;
    try (PreparedStatement statement = connection.prepareStatement(
        tables.sql("SELECT COUNT(*) FROM {p}dead_letters WHERE queue = ?"))) {
      statement.setString(1, queue);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        dead = rows.getLong(1);
      }
    }
    return new QueueStats(depth, oldest, dead);
  }
}
