package dev.operon.saga.internal.visibility.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ErrorKind;
import dev.operon.jdbc.CapabilityTables;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.saga.SagaBlock;
import dev.operon.saga.SagaPage;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaQuery.Cursor;
import dev.operon.saga.SagaState;
import dev.operon.saga.SagaSummary;
import dev.operon.saga.internal.visibility.PageTokens;
import dev.operon.saga.internal.visibility.SagaRow;
import dev.operon.saga.internal.visibility.SagaVisibility;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The saga visibility table on SQLite or PostgreSQL ({@code <prefix>saga_visibility}, and
 * {@code <prefix>saga_attributes} for search attributes), written in the transaction of the append
 * it describes when one is bound to the thread (a saga transition), and queried with keyset
 * pagination on indexes that fit each filter: start time, state, workflow type, blocked sagas,
 * one search attribute. Recovery reads the open sagas through a partial index. Page tokens are
 * signed with a key kept in {@code <prefix>saga_settings}, the same for every process on the
 * database.
 */
public final class JdbcSagaVisibility implements SagaVisibility {
  /**
   * The columns of a summary. A transition that moves a saga on without changing its state, its
   * attributes or its block writes nothing here (one statement fewer in every step's transaction):
   * its last event and that event's time are read from the event store's own rows, which the
   * transition's append wrote in the same transaction; the row's copies are those of its last
   * visible change, the fallback for a saga whose history is not in this database.
   */
  static final String COLUMNS = "v.saga_id, v.workflow_type, v.state, v.started_at_ns, v.closed_at_ns,"
      + " v.search_attributes,"
      + " COALESCE((SELECT e.recorded_at_ns FROM {p}streams s JOIN {p}events e ON e.stream = s.stream"
      + " AND e.id = s.last_id WHERE s.stream = v.saga_id), v.last_progress_ns),"
      + " COALESCE((SELECT s.last_id FROM {p}streams s WHERE s.stream = v.saga_id), v.last_event_id), v.blocked";

  private static final String PAGE_TOKEN_KEY = "page_token_key";

  private final CapabilityTables tables;
  private final PageTokens tokens;
  private final String upsertSql;
  private final String closeLinkSql;
  private final String deleteAttributesSql;
  private final String insertAttributeSql;
  private final String getSql;
  private final String openSql;
  private final String openFirstSql;

  /** The visibility table of {@code database}, created (migrated) if missing. */
  public JdbcSagaVisibility(JdbcDatabase database) {
    this.tables = CapabilityTables.migrate(database, "saga", JdbcSagaVisibility.class,
        "/dev/operon/saga/migrations/", ErrorKind.EVENT_STORE);
    String json = tables.dialect().jsonParameter();
    this.upsertSql = tables.sql("INSERT INTO {p}saga_visibility (saga_id, workflow_type, state, terminal,"
        + " started_at_ns, closed_at_ns, last_progress_ns, last_event_id, parent_saga_id, continued_as, code_version,"
        + " search_attributes, blocked, open) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + json + ", " + json + ", ?)"
        + " ON CONFLICT (saga_id) DO UPDATE SET state = excluded.state, terminal = excluded.terminal,"
        + " closed_at_ns = CASE WHEN excluded.terminal = 1 THEN COALESCE({p}saga_visibility.closed_at_ns,"
        + " excluded.closed_at_ns, excluded.last_progress_ns) ELSE NULL END,"
        + " last_progress_ns = excluded.last_progress_ns, last_event_id = excluded.last_event_id,"
        + " continued_as = excluded.continued_as,"
        + " search_attributes = CASE WHEN ? = 1 THEN excluded.search_attributes"
        + " ELSE {p}saga_visibility.search_attributes END,"
        + " blocked = excluded.blocked, open = excluded.open"
        + " WHERE {p}saga_visibility.last_event_id < excluded.last_event_id");
    this.closeLinkSql = tables.sql("UPDATE {p}saga_visibility SET open = 0 WHERE saga_id = ? AND terminal = 1");
    this.deleteAttributesSql = tables.sql("DELETE FROM {p}saga_attributes WHERE saga_id = ?");
    this.insertAttributeSql = tables.sql("INSERT INTO {p}saga_attributes (saga_id, name, value, started_at_ns)"
        + " VALUES (?, ?, ?, ?)");
    this.getSql = tables.sql("SELECT " + COLUMNS + " FROM {p}saga_visibility v WHERE v.saga_id = ?");
    this.openSql = tables.sql("SELECT saga_id FROM {p}saga_visibility WHERE open = 1 AND saga_id > ?"
        + " ORDER BY saga_id LIMIT ?");
    this.openFirstSql = tables.sql("SELECT saga_id FROM {p}saga_visibility WHERE open = 1 ORDER BY saga_id LIMIT ?");
    this.tokens = PageTokens.ofKey(pageTokenKey());
    if (tables.versionBefore() == 0) {
      // the table is new: sagas an engine wrote before it existed get their rows now
      dev.operon.saga.internal.visibility.VisibilityBackfill.run(database.eventStore(), this);
    }
  }

  /** The key of this store's page tokens, made by the first process that needed it. */
  private String pageTokenKey() {
    String insert = tables.sql("INSERT INTO {p}saga_settings (name, value) VALUES (?, ?)"
        + " ON CONFLICT (name) DO NOTHING");
    String select = tables.sql("SELECT value FROM {p}saga_settings WHERE name = ?");
    return tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(insert)) {
        st.setString(1, PAGE_TOKEN_KEY);
        st.setString(2, PageTokens.newKey());
        st.executeUpdate();
      }
      try (PreparedStatement st = c.prepareStatement(select)) {
        st.setString(1, PAGE_TOKEN_KEY);
        try (ResultSet rows = st.executeQuery()) {
          rows.next();
          return rows.getString(1);
        }
      }
    });
  }

  @Override
  public void record(SagaRow row) {
    if (row.progressOnly()) {
      // nothing a summary keeps changed (the saga's first append wrote its row, in the same
      // transaction as that append): its last event is read from the event store
      return;
    }
    tables.write(c -> {
      upsert(c, row);
      if (row.attributes() != null && !(row.first() && row.attributes().isEmpty())) {
        replaceAttributes(c, row);
      }
      if (row.continuedFrom() != null) {
        try (PreparedStatement st = c.prepareStatement(closeLinkSql)) {
          st.setString(1, row.continuedFrom());
          st.executeUpdate();
        }
      }
      return null;
    });
  }

  private void upsert(Connection c, SagaRow row) throws SQLException {
    PreparedStatement st = tables.reused(c, upsertSql);
    int i = 0;
    st.setString(++i, row.sagaId());
    st.setString(++i, row.workflowType());
    st.setString(++i, row.state().name());
    st.setInt(++i, row.terminal() ? 1 : 0);
    st.setLong(++i, nanos(row.startedAt()));
    setNanos(st, ++i, row.closedAt());
    st.setLong(++i, nanos(row.lastProgressAt()));
    st.setLong(++i, row.lastEventId());
    st.setString(++i, row.parentSagaId());
    st.setString(++i, row.continuedAs());
    st.setString(++i, row.codeVersion());
    st.setString(++i, row.attributes() == null ? "{}" : row.attributes().toString());
    st.setString(++i, row.blocked().map(b -> dev.operon.saga.internal.Json.tree(b).toString()).orElse(null));
    st.setInt(++i, row.open() ? 1 : 0);
    st.setInt(++i, row.attributes() == null ? 0 : 1);
    st.executeUpdate();
  }

  private void replaceAttributes(Connection c, SagaRow row) throws SQLException {
    if (!row.first()) {
      PreparedStatement delete = tables.reused(c, deleteAttributesSql);
      delete.setString(1, row.sagaId());
      delete.executeUpdate();
    }
    Map<String, String> values = dev.operon.saga.internal.visibility.SagaRows.indexValues(row);
    if (values.isEmpty()) {
      return;
    }
    PreparedStatement insert = tables.reused(c, insertAttributeSql);
    for (Map.Entry<String, String> e : values.entrySet()) {
      insert.setString(1, row.sagaId());
      insert.setString(2, e.getKey());
      insert.setString(3, e.getValue());
      insert.setLong(4, nanos(row.startedAt()));
      insert.addBatch();
    }
    insert.executeBatch();
  }

  @Override
  public Optional<SagaSummary> get(String sagaId) {
    return tables.read(c -> get(c, sagaId));
  }

  private Optional<SagaSummary> get(Connection c, String sagaId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(getSql)) {
      st.setString(1, sagaId);
      try (ResultSet rows = st.executeQuery()) {
        return rows.next() ? Optional.of(summary(rows)) : Optional.empty();
      }
    }
  }

  @Override
  public SagaPage list(SagaQuery query) {
    ListQuery sql = ListQuery.of(query, tokens.cursorOf(query), tables);
    List<SagaSummary> page = tables.read(c -> {
      List<SagaSummary> found = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(sql.sql())) {
        sql.bind(st);
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            found.add(summary(rows));
          }
        }
      }
      return found;
    });
    boolean more = page.size() > query.limit();
    List<SagaSummary> sagas = more ? page.subList(0, query.limit()) : page;
    return new SagaPage(List.copyOf(sagas), more
        ? Optional.of(tokens.issue(Cursor.after(sagas.get(sagas.size() - 1))))
        : Optional.empty());
  }

  @Override
  public List<String> open(String afterSagaId, int limit) {
    return tables.read(c -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(afterSagaId == null ? openFirstSql : openSql)) {
        int i = 0;
        if (afterSagaId != null) {
          st.setString(++i, afterSagaId);
        }
        st.setInt(++i, limit);
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getString(1));
          }
        }
      }
      return ids;
    });
  }

  private static SagaSummary summary(ResultSet rows) throws SQLException {
    long closed = rows.getLong(5);
    Optional<Instant> closedAt = rows.wasNull() ? Optional.empty() : Optional.of(instant(closed));
    JsonNode attributes = dev.operon.saga.internal.Json.parse(rows.getString(6));
    String blocked = rows.getString(9);
    return new SagaSummary(rows.getString(1), rows.getString(2), SagaState.valueOf(rows.getString(3)),
        instant(rows.getLong(4)), closedAt, dev.operon.saga.internal.visibility.SagaRows.attributes(attributes),
        instant(rows.getLong(7)), rows.getLong(8),
        blocked == null ? Optional.empty()
            : Optional.of(dev.operon.saga.internal.Json.value(dev.operon.saga.internal.Json.parse(blocked), SagaBlock.class)));
  }

  static long nanos(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(0, nanos);
  }

  private static void setNanos(PreparedStatement st, int index, Instant value) throws SQLException {
    if (value == null) {
      st.setNull(index, Types.BIGINT);
    } else {
      st.setLong(index, nanos(value));
    }
  }
}
