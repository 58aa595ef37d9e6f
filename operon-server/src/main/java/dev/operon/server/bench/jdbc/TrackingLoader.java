package dev.operon.server.bench.jdbc;

import dev.operon.server.bench.JdbcUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.LongConsumer;

/**
 * The SQL of {@code bench tracking}: fills a run's {@code tracked_operations} table with many
 * operations in a few {@code INSERT ... SELECT} statements (PostgreSQL: from {@code generate_series};
 * SQLite: from a recursive CTE), and shows the plan of the stalled query.
 *
 * <p>Of the rows {@code g = 1..count}, every hundredth is RUNNING, its last update spread over the
 * 6 hours before the database's present (so nearly all are older than a threshold of minutes) and
 * no end; the others SUCCEEDED within the last 30 days, ended (completed_at_ns set) 1–60 s after
 * their start. Every row has version 1 and tags {@code {}}.
 */
public final class TrackingLoader {
  /** Rows per INSERT statement: progress is reported after each. */
  public static final int CHUNK = 100_000;

  /** The database's present in epoch nanoseconds, as JdbcTrackingStore computes it. */
  private static final String NOW_POSTGRES = "CAST(EXTRACT(EPOCH FROM statement_timestamp()) * 1000000000 AS BIGINT)";
  private static final String NOW_SQLITE = "CAST(unixepoch('subsec') * 1000000000 AS INTEGER)";

  /** One row per g of the series {@code s(g)}, given the present {@code t.now_ns}. */
  private static final String ROWS = """
      SELECT 'load-' || g, 'Bench.Load', CASE WHEN running THEN 'RUNNING' ELSE 'SUCCEEDED' END,
        CASE WHEN running THEN last_ns - 600000000000 ELSE last_ns - (g % 60 + 1) * 1000000000 END,
        last_ns, CASE WHEN running THEN NULL ELSE last_ns END,
        CASE WHEN running THEN (g / 100) % 100 ELSE 100 END, CASE WHEN running THEN 'working' ELSE 'done' END,
        'corr-' || (g / 10), NULL, '{}', 1
      FROM (SELECT g, running, CASE WHEN running
            THEN now_ns - (((g / 100) * 7919) % 21600) * 1000000000 - (g % 997) * 1000000
            ELSE now_ns - ((g * 7919) % 2592000) * 1000000000 END AS last_ns
          FROM (SELECT g, g % 100 = 0 AS running, now_ns FROM s, (SELECT CAST(? AS BIGINT) AS now_ns) AS t) AS r
        ) AS o""";
  private static final String COLUMNS = "id, name, status, started_at_ns, updated_at_ns, completed_at_ns, percent,"
      + " message, correlation_id, parent_id, tags, version";

  private TrackingLoader() {}

  /**
   * Inserts operations {@code 1..count} into {@code prefix}tracked_operations of the database of
   * {@code jdbcUrl}, {@value #CHUNK} per statement, calling {@code progress} with the rows stored
   * after each; returns the database's present (epoch nanoseconds) the rows were placed before.
   */
  public static long load(String jdbcUrl, String prefix, long count, LongConsumer progress) throws SQLException {
    boolean sqlite = JdbcUrls.isSqlite(jdbcUrl);
    String table = prefix + "tracked_operations";
    String sql = sqlite
        ? "INSERT INTO " + table + " (" + COLUMNS + ") WITH RECURSIVE s(g) AS (SELECT CAST(? AS INTEGER)"
            + " UNION ALL SELECT g + 1 FROM s WHERE g < ?) " + ROWS
        : "INSERT INTO " + table + " (" + COLUMNS + ") WITH s(g) AS (SELECT generate_series(CAST(? AS BIGINT),"
            + " CAST(? AS BIGINT))) " + ROWS;
    try (Connection connection = connect(jdbcUrl)) {
      long now = now(connection, sqlite);
      try (PreparedStatement insert = connection.prepareStatement(sql)) {
        for (long from = 1; from <= count; from += CHUNK) {
          long to = Math.min(count, from + CHUNK - 1);
          insert.setLong(1, from);
          insert.setLong(2, to);
          insert.setLong(3, now);
          insert.executeUpdate();
          progress.accept(to);
        }
      }
      return now;
    }
  }

  /** How many operations of {@code prefix}tracked_operations have {@code status}. */
  public static long count(String jdbcUrl, String prefix, String status) throws SQLException {
    try (Connection connection = connect(jdbcUrl);
        PreparedStatement st = connection.prepareStatement(
            "SELECT COUNT(*) FROM " + prefix + "tracked_operations WHERE status = ?")) {
      st.setString(1, status);
      try (ResultSet rows = st.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /**
   * The plan of the query JdbcTrackingStore.findStalled runs (same columns, WHERE, ORDER BY, and the
   * present on the database's clock, as the store computes it) for {@code thresholdNanos} and
   * {@code limit}: PostgreSQL's {@code EXPLAIN}, SQLite's {@code EXPLAIN QUERY PLAN}, one line per
   * plan node.
   */
  public static String stalledPlan(String jdbcUrl, String prefix, long thresholdNanos, int limit)
      throws SQLException {
    boolean sqlite = JdbcUrls.isSqlite(jdbcUrl);
    return plan(jdbcUrl, prefix, (sqlite ? NOW_SQLITE : NOW_POSTGRES) + " - " + thresholdNanos, limit);
  }

  /**
   * The plan of the same query with its bound computed beforehand ({@code thresholdNanos} before the
   * database's present) and written as a constant, to compare with the plan of the store's query.
   */
  public static String stalledPlanWithConstant(String jdbcUrl, String prefix, long thresholdNanos, int limit)
      throws SQLException {
    long cutoff;
    try (Connection connection = connect(jdbcUrl)) {
      cutoff = now(connection, JdbcUrls.isSqlite(jdbcUrl)) - thresholdNanos;
    }
    return plan(jdbcUrl, prefix, Long.toString(cutoff), limit);
  }

  private static String plan(String jdbcUrl, String prefix, String bound, int limit) throws SQLException {
    boolean sqlite = JdbcUrls.isSqlite(jdbcUrl);
    String query = "SELECT " + COLUMNS + " FROM " + prefix + "tracked_operations"
        + " WHERE status IN ('PENDING', 'RUNNING') AND updated_at_ns < " + bound
        + " ORDER BY updated_at_ns LIMIT " + limit;
    List<String> lines = new ArrayList<>();
    try (Connection connection = connect(jdbcUrl);
        Statement st = connection.createStatement();
        ResultSet rows = st.executeQuery((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + query)) {
      while (rows.next()) {
        lines.add(sqlite ? rows.getString("detail") : rows.getString(1));
      }
    }
    return String.join("\n", lines);
  }

  private static long now(Connection connection, boolean sqlite) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rows = st.executeQuery("SELECT " + (sqlite ? NOW_SQLITE : NOW_POSTGRES))) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static Connection connect(String jdbcUrl) throws SQLException {
    Properties properties = new Properties();
    if (JdbcUrls.isSqlite(jdbcUrl)) {
      properties.setProperty("journal_mode", "WAL");
      properties.setProperty("synchronous", "NORMAL");
      properties.setProperty("busy_timeout", "30000");
    }
    return DriverManager.getConnection(jdbcUrl, properties);
  }
}
