package dev.operon.commands.internal.jdbc;

import dev.operon.commands.Command;
import dev.operon.commands.internal.EncodedOperation;
import dev.operon.commands.internal.OperationCodec;
import dev.operon.commands.internal.OperationLog;
import dev.operon.commands.internal.OperationState;
import dev.operon.commands.internal.OutboxEntry;
import dev.operon.commands.internal.OutboxState;
import dev.operon.commands.internal.StoredScope;
import dev.operon.error.ErrorKind;
import dev.operon.jdbc.CapabilityTables;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.jdbc.OpenTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operation log ({@code <prefix>operations}: one row per persistent operation, never updated,
 * only trimmed) and the event log ({@code <prefix>operation_events}: the outbox) on SQLite or
 * PostgreSQL, written in the transaction of the command's business writes.
 */
public final class JdbcOperationLog implements OperationLog {
  private static final String OPERATION_COLUMNS = "idx, id, host_id, logged_at_ns, command_type, command, items, nested";

  private final JdbcDatabase database;
  private final CapabilityTables tables;
  private final Function<JdbcDatabase, OpenTransaction> opener;
  final OperationStatements sql;
  private final JdbcEventLog events;

  /** The log on {@code database}, its tables created (migrated) if missing. */
  public JdbcOperationLog(JdbcDatabase database) {
    this(database, JdbcDatabase::begin);
  }

  /** The log on {@code database}, whose transactions {@code opener} begins (a test breaks their commit). */
  public JdbcOperationLog(JdbcDatabase database, Function<JdbcDatabase, OpenTransaction> opener) {
    this.database = database;
    this.opener = opener;
    this.tables = CapabilityTables.migrate(database, "commands", JdbcOperationLog.class,
        "/dev/operon/commands/migrations/", ErrorKind.OPERATION_LOG);
    this.sql = new OperationStatements(tables);
    this.events = new JdbcEventLog(tables);
  }

  @Override
  public dev.operon.commands.internal.EventLogStore events() {
    return events;
  }

  @Override
  public StoredScope begin() {
    return new JdbcStoredScope(this, opener.apply(database));
  }

  CapabilityTables tables() {
    return tables;
  }

  /** Whether the commit of operation {@code id} (or its marker event) is visible on a fresh connection. */
  boolean committed(String id, boolean stored) {
    String query = stored ? sql.operationExists : sql.eventExists;
    String key = stored ? id : EncodedOperation.markerId(id);
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(query)) {
        st.setString(1, key);
        try (ResultSet rows = st.executeQuery()) {
          return rows.next();
        }
      }
    });
  }

  @Override
  public List<Entry> entriesAfter(long afterIndex, int limit, String skippedHost) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT " + OPERATION_COLUMNS
          + " FROM {p}operations WHERE idx > ? ORDER BY idx LIMIT ?"))) {
        st.setLong(1, afterIndex);
        st.setInt(2, limit);
        return entries(st, skippedHost);
      }
    });
  }

  @Override
  public List<Row> rowsAfter(long afterIndex, int limit) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT " + OPERATION_COLUMNS
          + " FROM {p}operations WHERE idx > ? ORDER BY idx LIMIT ?"))) {
        st.setLong(1, afterIndex);
        st.setInt(2, limit);
        List<Row> found = new ArrayList<>();
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            found.add(new Row(rows.getLong(1), rows.getString(2), rows.getString(3), nanos(rows.getLong(4)),
                rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8)));
          }
        }
        return found;
      }
    });
  }

  @Override
  public long newestIndex() {
    return single("SELECT COALESCE(MAX(idx), 0) FROM {p}operations WHERE idx > ?", 0L);
  }

  @Override
  public List<Entry> entriesAt(java.util.Collection<Long> indexes, String skippedHost) {
    if (indexes.isEmpty()) {
      return List.of();
    }
    List<Long> sorted = indexes.stream().sorted().toList();
    List<Entry> found = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += 100) {
      List<Long> chunk = sorted.subList(from, Math.min(sorted.size(), from + 100));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      found.addAll(tables.read(c -> {
        try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT " + OPERATION_COLUMNS
            + " FROM {p}operations WHERE idx IN (" + marks + ") ORDER BY idx"))) {
          for (int i = 0; i < chunk.size(); i++) {
            st.setLong(i + 1, chunk.get(i));
          }
          return entries(st, skippedHost);
        }
      }));
    }
    return found;
  }

  @Override
  public long lastIndexBefore(Instant at) {
    long first = single("SELECT COALESCE(MIN(idx), 0) FROM {p}operations WHERE logged_at_ns >= ?", nanos(at));
    return first > 0 ? first - 1 : single("SELECT COALESCE(MAX(idx), 0) FROM {p}operations WHERE idx > ?", 0L);
  }

  @Override
  public long oldestIndex() {
    return single("SELECT COALESCE(MIN(idx), 0) FROM {p}operations WHERE idx > ?", 0L);
  }

  private long single(String query, long parameter) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql(query))) {
        st.setLong(1, parameter);
        try (ResultSet rows = st.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    });
  }

  @Override
  public Optional<OperationState> byId(String id) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT " + OPERATION_COLUMNS
          + " FROM {p}operations WHERE id = ?"))) {
        st.setString(1, id);
        return entries(st, null).stream().map(Entry::operation).findFirst();
      }
    });
  }

  private static List<Entry> entries(PreparedStatement st, String skippedHost) throws SQLException {
    List<Entry> found = new ArrayList<>();
    try (ResultSet rows = st.executeQuery()) {
      while (rows.next()) {
        long index = rows.getLong(1);
        String hostId = rows.getString(3);
        found.add(new Entry(index, hostId, hostId.equals(skippedHost) ? null : OperationState.stored(index,
            rows.getString(2), hostId, nanos(rows.getLong(4)),
            (Command<?>) OperationCodec.value(rows.getString(5), rows.getString(6)),
            OperationCodec.items(rows.getString(7)), OperationCodec.nested(rows.getString(8)))));
      }
    }
    return found;
  }

  @Override
  public Optional<OutboxEntry> event(String id) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT id, state, version, logged_at_ns,"
          + " delay_until_ns, value_type, value, attempts, last_error, claimed_by, claimed_until_ns, headers"
          + " FROM {p}operation_events WHERE id = ?"))) {
        st.setString(1, id);
        try (ResultSet rows = st.executeQuery()) {
          if (!rows.next()) {
            return Optional.<OutboxEntry>empty();
          }
          long claimedUntil = rows.getLong(11);
          Instant until = rows.wasNull() ? null : nanos(claimedUntil);
          return Optional.of(new OutboxEntry(rows.getString(1), OutboxState.of(rows.getInt(2)), rows.getLong(3),
              nanos(rows.getLong(4)), nanos(rows.getLong(5)), rows.getString(6), rows.getString(7), rows.getInt(8),
              rows.getString(9), rows.getString(10), until, rows.getString(12)));
        }
      }
    });
  }

  @Override
  public int trimOperations(Instant cutoff, int limit) {
    return tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("DELETE FROM {p}operations WHERE idx IN"
          + " (SELECT idx FROM {p}operations WHERE logged_at_ns < ? ORDER BY logged_at_ns LIMIT ?)"))) {
        st.setLong(1, nanos(cutoff));
        st.setInt(2, limit);
        return st.executeUpdate();
      }
    });
  }

  @Override
  public int trimEvents(Instant cutoff, int limit) {
    return tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("DELETE FROM {p}operation_events WHERE id IN"
          + " (SELECT id FROM {p}operation_events WHERE delay_until_ns < ? AND state <> 0"
          + " ORDER BY delay_until_ns LIMIT ?)"))) {
        st.setLong(1, nanos(cutoff));
        st.setInt(2, limit);
        return st.executeUpdate();
      }
    });
  }

  @Override
  public boolean isTransientFailure(Throwable failure) {
    for (Throwable e = failure; e != null && e.getCause() != e; e = e.getCause()) {
      if (e instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return OperationLog.super.isTransientFailure(failure);
  }

  static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }

  static Instant nanos(long value) {
    return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
  }

  /** Kept for the stored scope: prepares {@code sql} on {@code c}, reused per connection. */
  PreparedStatement statement(Connection c, String sql) throws SQLException {
    return tables.reused(c, sql);
  }
}
