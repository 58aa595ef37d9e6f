package dev.operon.tracking.internal.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.CapabilityTables;
import dev.operon.jdbc.EpochNanos;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.TrackingChange;
import dev.operon.tracking.TrackingEvent;
import dev.operon.tracking.TrackingStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link TrackingStore} of a SQLite or PostgreSQL database: tables {@code tracked_operations}
 * and {@code tracking_events}. Stalled detection compares last updates with the database's own clock
 * (so hosts whose clocks disagree still agree on what is stalled), unless the store was given a
 * clock (a test's); it reads an index of the operations still going only.
 */
public final class JdbcTrackingStore implements TrackingStore {
  private static final String COLUMNS = "id, name, status, started_at_ns, updated_at_ns, completed_at_ns, percent,"
      + " message, correlation_id, parent_id, tags, version";
  private static final ObjectMapper JSON = dev.operon.codec.JsonMappers.json();

  private final CapabilityTables tables;
  private final Clock clock;

  /** The store of {@code database}; {@code clock} null to measure staleness on the database's clock. */
  public JdbcTrackingStore(JdbcDatabase database, Clock clock) {
    this.tables = CapabilityTables.migrate(database, "tracking", JdbcTrackingStore.class,
        "/dev/operon/tracking/migrations/", ErrorKind.EVENT_STORE);
    this.clock = clock;
  }

  @Override
  public void insert(TrackedOperation operation) {
    tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("INSERT INTO {p}tracked_operations (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
        bind(st, operation);
        st.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean insertIfAbsent(TrackedOperation operation) {
    return tables.write(c -> {
      PreparedStatement st = tables.reused(c, tables.sql("INSERT INTO {p}tracked_operations (" + COLUMNS
          + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE CAST(? AS TEXT) IS NULL"
          + " OR EXISTS (SELECT 1 FROM {p}tracked_operations WHERE id = ?) ON CONFLICT (id) DO NOTHING"));
      bind(st, operation);
      st.setString(13, operation.parentId());
      st.setString(14, operation.parentId());
      return st.executeUpdate() == 1;
    });
  }

  @Override
  public boolean progress(String id, Integer percent, String message, Instant at) {
    return tables.write(c -> {
      PreparedStatement st = tables.reused(c, tables.sql("UPDATE {p}tracked_operations SET status = 'RUNNING',"
          + " updated_at_ns = " + now() + ", percent = COALESCE(?, percent), message = COALESCE(?, message),"
          + " version = version + 1 WHERE id = ? AND status IN ('PENDING', 'RUNNING', 'STALLED')"));
      int i = 1;
      if (clock != null) {
        st.setLong(i++, EpochNanos.of(at));
      }
      setInt(st, i++, percent);
      st.setString(i++, message);
      st.setString(i, id);
      return st.executeUpdate() == 1;
    });
  }

  @Override
  public Optional<TrackedOperation> finish(String id, OperationStatus status, String message, Instant at) {
    return tables.write(c -> {
      String end = now();
      PreparedStatement st = tables.reused(c, tables.sql("UPDATE {p}tracked_operations SET status = ?,"
          + " updated_at_ns = " + end + ", completed_at_ns = " + end + ", message = ?, version = version + 1"
          + " WHERE id = ? AND status IN ('PENDING', 'RUNNING', 'STALLED') RETURNING " + COLUMNS));
      int i = 1;
      st.setString(i++, status.name());
      if (clock != null) {
        st.setLong(i++, EpochNanos.of(at));
        st.setLong(i++, EpochNanos.of(at));
      }
      st.setString(i++, message);
      st.setString(i, id);
      return operations(st).stream().findFirst();
    });
  }

  /**
   * The changes in one multi-row upsert per run of distinct ids (a database refuses to change a row
   * twice in one statement): a start inserts unless the id exists; a progress (version 2) or an end
   * (a final status) inserts an operation not tracked yet, else changes one still going.
   */
  @Override
  public void applyAll(List<TrackingChange> changes, Instant at) {
    if (changes.isEmpty()) {
      return;
    }
    tables.write(c -> {
      for (List<TrackingChange> run : ChangeRuns.of(changes)) {
        PreparedStatement st = tables.reused(c, tables.sql(upsertSql(run)));
        int i = 1;
        for (TrackingChange change : run) {
          i = bindChange(st, i, change, at);
        }
        st.executeUpdate();
      }
      return null;
    });
  }

  private String upsertSql(List<TrackingChange> run) {
    StringBuilder sql = new StringBuilder("INSERT INTO {p}tracked_operations (" + COLUMNS + ") VALUES ");
    String now = now();
    for (int r = 0; r < run.size(); r++) {
      boolean start = run.get(r).type() == TrackingChange.Type.START;
      boolean end = run.get(r).type() == TrackingChange.Type.END;
      sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ").append(start ? "?" : now).append(", ")
          .append(start ? "?" : now).append(", ").append(end ? now : "NULL").append(", ?, ?, ?, ?, ?, ?)");
    }
    return sql.append(" ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,"
        + " updated_at_ns = EXCLUDED.updated_at_ns, completed_at_ns = EXCLUDED.completed_at_ns,"
        + " percent = COALESCE(EXCLUDED.percent, {p}tracked_operations.percent),"
        + " message = COALESCE(EXCLUDED.message, {p}tracked_operations.message),"
        + " version = {p}tracked_operations.version + 1"
        + " WHERE (EXCLUDED.version = 2 OR EXCLUDED.status IN ('SUCCEEDED', 'FAILED', 'CANCELED'))"
        + " AND {p}tracked_operations.status IN ('PENDING', 'RUNNING', 'STALLED')").toString();
  }

  private int bindChange(PreparedStatement st, int first, TrackingChange change, Instant at) throws SQLException {
    TrackedOperation operation = change.operation();
    boolean start = change.type() == TrackingChange.Type.START;
    boolean end = change.type() == TrackingChange.Type.END;
    int i = first;
    st.setString(i++, operation.id());
    st.setString(i++, operation.name());
    st.setString(i++, operation.status().name());
    if (start) {
      st.setLong(i++, EpochNanos.of(operation.startedAt()));
      st.setLong(i++, EpochNanos.of(operation.updatedAt()));
    } else if (clock != null) {
      st.setLong(i++, EpochNanos.of(at));
      st.setLong(i++, EpochNanos.of(at));
    }
    if (end && clock != null) {
      st.setLong(i++, EpochNanos.of(at));
    }
    setInt(st, i++, operation.percent());
    st.setString(i++, operation.message());
    st.setString(i++, operation.correlationId());
    st.setString(i++, operation.parentId());
    st.setString(i++, tagsJson(operation));
    st.setLong(i++, operation.version());
    return i;
  }

  @Override
  public Optional<TrackedOperation> find(String id) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT " + COLUMNS
          + " FROM {p}tracked_operations WHERE id = ?"))) {
        st.setString(1, id);
        return operations(st).stream().findFirst();
      }
    });
  }

  @Override
  public boolean update(TrackedOperation next) {
    return tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("UPDATE {p}tracked_operations SET status = ?,"
          + " updated_at_ns = " + now() + ", completed_at_ns = ?, percent = ?, message = ?, version = ?"
          + " WHERE id = ? AND version = ?"))) {
        int i = 1;
        st.setString(i++, next.status().name());
        if (clock != null) {
          st.setLong(i++, EpochNanos.of(next.updatedAt()));
        }
        EpochNanos.set(st, i++, next.completedAt());
        setInt(st, i++, next.percent());
        st.setString(i++, next.message());
        st.setLong(i++, next.version());
        st.setString(i++, next.id());
        st.setLong(i, next.version() - 1);
        return st.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void addEvent(TrackingEvent event) {
    tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("INSERT INTO {p}tracking_events (id, operation_id,"
          + " occurred_at_ns, kind, message, data) VALUES (?, ?, ?, ?, ?, ?)"))) {
        st.setString(1, event.id());
        st.setString(2, event.operationId());
        st.setLong(3, EpochNanos.of(event.occurredAt()));
        st.setString(4, event.kind());
        st.setString(5, event.message());
        st.setString(6, event.dataJson());
        st.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<TrackingEvent> events(String operationId) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT id, operation_id, occurred_at_ns, kind,"
          + " message, data FROM {p}tracking_events WHERE operation_id = ? ORDER BY occurred_at_ns, id"))) {
        st.setString(1, operationId);
        List<TrackingEvent> found = new ArrayList<>();
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            found.add(new TrackingEvent(rows.getString(1), rows.getString(2), EpochNanos.instant(rows.getLong(3)),
                rows.getString(4), rows.getString(5), rows.getString(6)));
          }
        }
        return found;
      }
    });
  }

  @Override
  public List<TrackedOperation> byCorrelation(String correlationId) {
    return list("correlation_id = ? ORDER BY started_at_ns, id", correlationId);
  }

  @Override
  public List<TrackedOperation> children(String parentId) {
    return list("parent_id = ? ORDER BY started_at_ns, id", parentId);
  }

  private List<TrackedOperation> list(String where, String value) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT " + COLUMNS + " FROM {p}tracked_operations"
          + " WHERE " + where))) {
        st.setString(1, value);
        return operations(st);
      }
    });
  }

  @Override
  public List<TrackedOperation> findStalled(Duration threshold, int limit) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT " + COLUMNS + " FROM {p}tracked_operations"
          + " WHERE status IN ('PENDING', 'RUNNING') AND updated_at_ns < " + now() + " - ?"
          + " ORDER BY updated_at_ns LIMIT ?"))) {
        int i = 1;
        if (clock != null) {
          st.setLong(i++, EpochNanos.of(clock.instant()));
        }
        st.setLong(i++, threshold.toNanos());
        st.setInt(i, limit);
        return operations(st);
      }
    });
  }

  @Override
  public int trimFinished(OperationStatus status, Instant cutoff, int limit) {
    return tables.write(c -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT id FROM {p}tracked_operations"
          + " WHERE completed_at_ns IS NOT NULL AND completed_at_ns < ?" + (status == null ? "" : " AND status = ?")
          + " ORDER BY completed_at_ns LIMIT ?"))) {
        int i = 1;
        st.setLong(i++, EpochNanos.of(cutoff));
        if (status != null) {
          st.setString(i++, status.name());
        }
        st.setInt(i, limit);
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getString(1));
          }
        }
      }
      for (String table : new String[] {"tracking_events WHERE operation_id = ?", "tracked_operations WHERE id = ?"}) {
        try (PreparedStatement st = c.prepareStatement(tables.sql("DELETE FROM {p}" + table))) {
          for (String id : ids) {
            st.setString(1, id);
            st.addBatch();
          }
          if (!ids.isEmpty()) {
            st.executeBatch();
          }
        }
      }
      return ids.size();
    });
  }

  /** The SQL of the present in nanoseconds: a parameter when this store has a clock, else the database's clock. */
  private String now() {
    if (clock != null) {
      return "?";
    }
    return databaseNow(tables.dialect().name());
  }

  /**
   * The database's present in epoch nanoseconds: on PostgreSQL the time the statement began (stable
   * within it, so the stalled query's cutoff bounds its scan of the index), on SQLite the time of
   * the step (also one value per statement).
   */
  private static String databaseNow(String dialect) {
    return dialect.equals("postgres") ? "CAST(EXTRACT(EPOCH FROM statement_timestamp()) * 1000000000 AS BIGINT)"
        : "CAST(unixepoch('subsec') * 1000000000 AS INTEGER)";
  }

  private static void bind(PreparedStatement st, TrackedOperation operation) throws SQLException {
    st.setString(1, operation.id());
    st.setString(2, operation.name());
    st.setString(3, operation.status().name());
    st.setLong(4, EpochNanos.of(operation.startedAt()));
    st.setLong(5, EpochNanos.of(operation.updatedAt()));
    EpochNanos.set(st, 6, operation.completedAt());
    setInt(st, 7, operation.percent());
    st.setString(8, operation.message());
    st.setString(9, operation.correlationId());
    st.setString(10, operation.parentId());
    st.setString(11, tagsJson(operation));
    st.setLong(12, operation.version());
  }

  private static String tagsJson(TrackedOperation operation) throws SQLException {
    if (operation.tags().isEmpty()) {
      return "{}";
    }
    try {
      return JSON.writeValueAsString(operation.tags());
    } catch (JsonProcessingException e) {
      throw new SQLException("tags cannot be written as JSON", e);
    }
  }

  private static List<TrackedOperation> operations(PreparedStatement st) throws SQLException {
    List<TrackedOperation> found = new ArrayList<>();
    try (ResultSet rows = st.executeQuery()) {
      while (rows.next()) {
        long completed = rows.getLong(6);
        Instant completedAt = rows.wasNull() ? null : EpochNanos.instant(completed);
        int percent = rows.getInt(7);
        Integer percentOrNull = rows.wasNull() ? null : percent;
        Map<String, String> tags;
        try {
          tags = JSON.readValue(rows.getString(11), new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
          throw OperonException.of(ErrorKind.CODEC, "Stored tags are not JSON: " + e.getMessage()).cause(e).build();
        }
        found.add(new TrackedOperation(rows.getString(1), rows.getString(2), OperationStatus.valueOf(rows.getString(3)),
            EpochNanos.instant(rows.getLong(4)), EpochNanos.instant(rows.getLong(5)), completedAt, percentOrNull,
            rows.getString(8),
            rows.getString(9), rows.getString(10), tags, rows.getLong(12)));
      }
    }
    return found;
  }

  private static void setInt(PreparedStatement st, int index, Integer value) throws SQLException {
    if (value == null) {
      st.setNull(index, Types.INTEGER);
    } else {
      st.setInt(index, value);
    }
  }
}
