package dev.operon.saga.internal.visibility.jdbc;

import dev.operon.jdbc.CapabilityTables;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaQuery.Cursor;
import dev.operon.saga.SagaState;
import dev.operon.saga.internal.visibility.SagaRows;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of one {@code list} query: the filters it sets as conditions, in list order (start time,
 * then id) from its cursor on, one row more than the page to tell whether another page follows.
 * With a search attribute it walks that attribute's index, which holds the start time, so the
 * order and the cursor need no sort; otherwise the visibility table's own indexes serve it.
 */
record ListQuery(String sql, List<Object> parameters) {

  /** The SQL of {@code query}'s page after {@code after} (empty: the first page). */
  static ListQuery of(SagaQuery query, Optional<Cursor> after, CapabilityTables tables) {
    List<Object> parameters = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT " + JdbcSagaVisibility.COLUMNS);
    List<Map.Entry<String, Object>> attributes = new ArrayList<>(query.searchAttributes().entrySet());
    String key;
    if (attributes.isEmpty()) {
      sql.append(" FROM {p}saga_visibility v WHERE 1 = 1");
      key = "v";
    } else {
      Map.Entry<String, Object> first = attributes.remove(0);
      sql.append(" FROM {p}saga_attributes a JOIN {p}saga_visibility v ON v.saga_id = a.saga_id"
          + " WHERE a.name = ? AND a.value = ?");
      parameters.add(first.getKey());
      parameters.add(SagaRows.indexValue(first.getValue()));
      key = "a";
    }
    for (Map.Entry<String, Object> more : attributes) {
      sql.append(" AND EXISTS (SELECT 1 FROM {p}saga_attributes m WHERE m.saga_id = v.saga_id"
          + " AND m.name = ? AND m.value = ?)");
      parameters.add(more.getKey());
      parameters.add(SagaRows.indexValue(more.getValue()));
    }
    if (!query.states().isEmpty()) {
      sql.append(" AND v.state IN (").append("?, ".repeat(query.states().size() - 1)).append("?)");
      for (SagaState state : query.states()) {
        parameters.add(state.name());
      }
    }
    query.workflowType().ifPresent(type -> {
      sql.append(" AND v.workflow_type = ?");
      parameters.add(type);
    });
    query.startedFrom().ifPresent(from -> {
      sql.append(" AND ").append(key).append(".started_at_ns >= ?");
      parameters.add(JdbcSagaVisibility.nanos(from));
    });
    query.startedBefore().ifPresent(before -> {
      sql.append(" AND ").append(key).append(".started_at_ns < ?");
      parameters.add(JdbcSagaVisibility.nanos(before));
    });
    if (query.onlyBlocked()) {
      sql.append(" AND v.blocked IS NOT NULL");
    }
    after.ifPresent(cursor -> {
      sql.append(" AND (").append(key).append(".started_at_ns, ").append(key).append(".saga_id) > (?, ?)");
      parameters.add(JdbcSagaVisibility.nanos(cursor.startedAt()));
      parameters.add(cursor.sagaId());
    });
    sql.append(" ORDER BY ").append(key).append(".started_at_ns, ").append(key).append(".saga_id LIMIT ?");
    parameters.add(query.limit() + 1);
    return new ListQuery(tables.sql(sql.toString()), List.copyOf(parameters));
  }

  void bind(PreparedStatement statement) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      Object value = parameters.get(i);
      switch (value) {
        case Long l -> statement.setLong(i + 1, l);
        case Integer n -> statement.setInt(i + 1, n);
        default -> statement.setString(i + 1, value.toString());
      }
    }
  }
}
