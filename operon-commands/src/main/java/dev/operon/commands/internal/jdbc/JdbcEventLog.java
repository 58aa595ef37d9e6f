package dev.operon.commands.internal.jdbc;

import dev.operon.commands.EventLogEntry;
import dev.operon.commands.internal.EventLogStore;
import dev.operon.commands.internal.OutboxState;
import dev.operon.jdbc.CapabilityTables;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processing side of {@code <prefix>operation_events}: a claim is one statement
 * ({@code UPDATE ... WHERE <the first due rows, skipping locked ones> RETURNING ...}, see
 * {@code Dialect.claimedRows}; under the write lock on SQLite), so two readers never hold one
 * event; its outcome
 * is written only while the claim still holds (same reader, same try).
 */
final class JdbcEventLog implements EventLogStore {
  private static final String HELD = " WHERE id = ? AND claimed_by = ? AND attempts = ? AND state = 0";

  private final CapabilityTables tables;
  private final String claimSql;
  private final String processedSql;
  private final String retrySql;
  private final String discardSql;

  JdbcEventLog(CapabilityTables tables) {
    this.tables = tables;
    this.claimSql = tables.sql("UPDATE {p}operation_events SET claimed_by = ?, claimed_until_ns = ?,"
        + " attempts = attempts + 1 WHERE " + tables.dialect().claimedRows("{p}operation_events", "WHERE state = 0"
            + " AND delay_until_ns <= ? AND (claimed_until_ns IS NULL OR claimed_until_ns <= ?)"
            + " ORDER BY delay_until_ns LIMIT ?")
        + " RETURNING id, attempts, value_type, value, headers");
    this.processedSql = tables.sql("UPDATE {p}operation_events SET state = 1, claimed_by = NULL,"
        + " claimed_until_ns = NULL" + HELD);
    this.retrySql = tables.sql("UPDATE {p}operation_events SET delay_until_ns = ?, last_error = ?,"
        + " claimed_by = NULL, claimed_until_ns = NULL" + HELD);
    this.discardSql = tables.sql("UPDATE {p}operation_events SET state = 2, last_error = ?, claimed_by = NULL,"
        + " claimed_until_ns = NULL" + HELD);
  }

  @Override
  public List<ClaimedEvent> claimDue(String owner, Instant now, Duration lease, int limit) {
    long nowNanos = JdbcOperationLog.nanos(now);
    return tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(claimSql)) {
        st.setString(1, owner);
        st.setLong(2, JdbcOperationLog.nanos(now.plus(lease)));
        st.setLong(3, nowNanos);
        st.setLong(4, nowNanos);
        st.setInt(5, limit);
        List<ClaimedEvent> claimed = new ArrayList<>();
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            claimed.add(new ClaimedEvent(rows.getString(1), rows.getInt(2), owner, rows.getString(3),
                rows.getString(4), rows.getString(5)));
          }
        }
        return claimed;
      }
    });
  }

  @Override
  public boolean markProcessed(ClaimedEvent event) {
    return tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(processedSql)) {
        bindHeld(st, 1, event);
        return st.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<ClaimedEvent> markAllProcessed(List<ClaimedEvent> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    return tables.write(c -> {
      List<ClaimedEvent> lost = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(processedSql)) {
        for (ClaimedEvent event : events) {
          bindHeld(st, 1, event);
          st.addBatch();
        }
        int[] counts = st.executeBatch();
        for (int i = 0; i < counts.length; i++) {
          if (counts[i] == 0) {
            lost.add(events.get(i));
          }
        }
      }
      return lost;
    });
  }

  @Override
  public boolean markFailed(ClaimedEvent event, Instant retryAt, String error) {
    return tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(retryAt == null ? discardSql : retrySql)) {
        int i = 1;
        if (retryAt != null) {
          st.setLong(i++, JdbcOperationLog.nanos(retryAt));
        }
        st.setString(i++, error);
        bindHeld(st, i, event);
        return st.executeUpdate() == 1;
      }
    });
  }

  private static void bindHeld(PreparedStatement st, int first, ClaimedEvent event) throws SQLException {
    st.setString(first, event.id());
    st.setString(first + 1, event.owner());
    st.setInt(first + 2, event.attempts());
  }

  @Override
  public long backlog() {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql(
          "SELECT COUNT(*) FROM {p}operation_events WHERE state = 0"));
          ResultSet rows = st.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    });
  }

  @Override
  public Optional<Instant> oldestNew() {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql(
          "SELECT MIN(logged_at_ns) FROM {p}operation_events WHERE state = 0"));
          ResultSet rows = st.executeQuery()) {
        rows.next();
        long value = rows.getLong(1);
        return rows.wasNull() ? Optional.<Instant>empty() : Optional.of(JdbcOperationLog.nanos(value));
      }
    });
  }

  @Override
  public List<EventLogEntry> discarded(int limit) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT id, attempts, logged_at_ns, delay_until_ns,"
          + " value_type, last_error FROM {p}operation_events WHERE state = 2 ORDER BY delay_until_ns LIMIT ?"))) {
        st.setInt(1, limit);
        List<EventLogEntry> found = new ArrayList<>();
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            found.add(new EventLogEntry(rows.getString(1), OutboxState.DISCARDED.name(), rows.getInt(2),
                JdbcOperationLog.nanos(rows.getLong(3)), JdbcOperationLog.nanos(rows.getLong(4)), rows.getString(5),
                rows.getString(6)));
          }
        }
        return found;
      }
    });
  }

  @Override
  public List<EventLogEntry> inState(OutboxState state, Instant afterDue, String afterId, int limit) {
    String after = afterDue == null ? "" : " AND (delay_until_ns > ? OR (delay_until_ns = ? AND id > ?))";
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT id, attempts, logged_at_ns, delay_until_ns,"
          + " value_type, last_error FROM {p}operation_events WHERE state = ?" + after
          + " ORDER BY delay_until_ns, id LIMIT ?"))) {
        int i = 1;
        st.setInt(i++, state.code());
        if (afterDue != null) {
          long due = JdbcOperationLog.nanos(afterDue);
          st.setLong(i++, due);
          st.setLong(i++, due);
          st.setString(i++, afterId);
        }
        st.setInt(i, limit);
        List<EventLogEntry> found = new ArrayList<>();
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            found.add(new EventLogEntry(rows.getString(1), state.name(), rows.getInt(2),
                JdbcOperationLog.nanos(rows.getLong(3)), JdbcOperationLog.nanos(rows.getLong(4)), rows.getString(5),
                rows.getString(6)));
          }
        }
        return found;
      }
    });
  }

  @Override
  public boolean requeue(String id, Instant now) {
    return tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("UPDATE {p}operation_events SET state = 0,"
          + " attempts = 0, delay_until_ns = ?, claimed_by = NULL, claimed_until_ns = NULL, version = version + 1"
          + " WHERE id = ? AND state = 2"))) {
        st.setLong(1, JdbcOperationLog.nanos(now));
        st.setString(2, id);
        return st.executeUpdate() == 1;
      }
    });
  }
}
