package dev.operon.server.bench.jdbc;

import dev.operon.jdbc.JdbcDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Summary rows of sagas written straight into a visibility table, for benchmarks that time list
 * queries over many sagas without running them: one statement, then the table analysed.
 */
public final class VisibilityRows {
  private VisibilityRows() {}

  /**
   * Inserts {@code sagas} rows into {@code prefix}saga_visibility: ids {@code filled-000000001}
   * on, workflow types Filled and Other alternating, one in 1,000 PAUSED and the rest COMPLETED,
   * started 1 ms apart.
   */
  public static void insert(JdbcDatabase database, String prefix, int sagas) throws SQLException {
    boolean postgres = database.dialect().name().equals("postgres");
    String rows = postgres ? "generate_series(1::bigint, " + sagas + ") AS s(g)" : "s";
    String id = postgres ? "'filled-' || lpad(g::text, 9, '0')" : "'filled-' || substr('000000000' || g, -9, 9)";
    String insert = (postgres ? "" : "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < "
        + sagas + ") ")
        + "INSERT INTO " + prefix + "saga_visibility (saga_id, workflow_type, state, terminal, started_at_ns,"
        + " closed_at_ns, last_progress_ns, last_event_id, search_attributes, open) SELECT " + id + ","
        + " CASE WHEN g % 2 = 0 THEN 'Filled' ELSE 'Other' END,"
        + " CASE WHEN g % 1000 = 0 THEN 'PAUSED' ELSE 'COMPLETED' END, CASE WHEN g % 1000 = 0 THEN 0 ELSE 1 END,"
        + " 1700000000000000000 + g * 1000000, 1700000000000000000 + g * 1000000 + 500000,"
        + " 1700000000000000000 + g * 1000000 + 500000, 8, '{}', 0 FROM " + rows;
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(insert);
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      statement.execute(postgres ? "ANALYZE " + prefix + "saga_visibility" : "ANALYZE");
    }
  }
}
