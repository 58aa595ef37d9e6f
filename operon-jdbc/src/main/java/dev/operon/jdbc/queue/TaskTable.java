package dev.operon.jdbc.queue;

import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Statements;
import dev.operon.jdbc.internal.Tables;
import dev.operon.queue.Task;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements on the tasks table. A claim is one statement on both databases,
 * {@code UPDATE ... WHERE <the first visible rows, skipping locked ones> RETURNING ...}
 * ({@link Dialect#claimedRows}: on PostgreSQL the rows are picked and locked once, then updated by
 * their physical address, so a claim reads the head of the ready index and never the whole table,
 * whatever the backlog). It moves the tasks' visibility to now + ack wait, counts the delivery and
 * gives them a fresh lease token (the task's receipt).
 */
final class TaskTable {
  /**
   * Makes the statement's own (auto-commit) transaction commit without waiting for the WAL flush,
   * in the same round trip: {@code SET LOCAL} would cost one more.
   */
  private static final String RELAX_COMMIT =
      "WITH relax AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true)) ";
  private final String insertSql;
  private final String dedupSql;
  private final String claimSql;
  private final String ackSql;
  private final String releaseSql;
  private final String insertManySql;
  private final String deleteManySql;
  private final String deleteManyRelaxedSql;
  private final boolean arrays;
  private final PostgresTaskCopy copy;

  private final Statements statements;

  TaskTable(Tables tables, Statements statements, Dialect dialect) {
    this.statements = statements;
    this.arrays = dialect.arrayParameters();
    this.copy = dialect.name().equals("postgres") ? new PostgresTaskCopy(tables) : null;
    this.insertSql = tables.sql("INSERT INTO {p}tasks (id, queue, payload, delivery, visible_at_ns, published_at_ns,"
        + " dedup_key, lease) VALUES (?, ?, ?, 0, ?, ?, ?, NULL)"
        + " ON CONFLICT (queue, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING");
    this.dedupSql = tables.sql("SELECT id FROM {p}tasks WHERE queue = ? AND dedup_key = ?");
    this.claimSql = claimSql(tables, dialect);
    this.ackSql = tables.sql("DELETE FROM {p}tasks WHERE id = ? AND lease = ?");
    this.releaseSql = tables.sql("UPDATE {p}tasks SET visible_at_ns = ?, lease = NULL WHERE id = ? AND lease = ?");
    String insertColumns = "INSERT INTO {p}tasks (id, queue, payload, delivery, visible_at_ns, published_at_ns)";
    this.insertManySql = tables.sql(arrays
        ? insertColumns + " SELECT id, queue, payload, 0, visible_at_ns, published_at_ns"
            + " FROM unnest(?::text[], ?::text[], ?::bytea[], ?::int8[], ?::int8[])"
            + " AS t(id, queue, payload, visible_at_ns, published_at_ns)"
        : insertColumns + " VALUES (?, ?, ?, 0, ?, ?)");
    String deleteMany = "DELETE FROM {p}tasks t USING unnest(?::text[], ?::text[]) AS a(id, lease)"
        + " WHERE t.id = a.id AND t.lease = a.lease";
    this.deleteManySql = tables.sql(arrays ? deleteMany : "DELETE FROM {p}tasks WHERE id = ? AND lease = ?");
    this.deleteManyRelaxedSql = arrays ? tables.sql(RELAX_COMMIT + deleteMany.replace(" AS a(id, lease)",
        " AS a(id, lease), relax")) : deleteManySql;
  }

  /**
   * The claim: parameters lease, invisible until (ns), queue, now (ns), how many. Package-private
   * so that a test can check how the database plans it.
   */
  static String claimSql(Tables tables, Dialect dialect) {
    return tables.sql("UPDATE {p}tasks SET delivery = delivery + 1, lease = ?, visible_at_ns = ? WHERE "
        + dialect.claimedRows("{p}tasks", "WHERE queue = ? AND visible_at_ns <= ? ORDER BY visible_at_ns, id LIMIT ?")
        + " RETURNING id, payload, delivery, published_at_ns");
  }

  /** Inserts a task; false if a task with the same dedup key is unfinished. */
  boolean insert(Connection connection, NewTaskRow row) throws SQLException {
    return statements.run(connection, insertSql, statement -> {
      statement.setString(1, row.id());
      statement.setString(2, row.queue());
      statement.setBytes(3, row.payload());
      statement.setLong(4, row.visibleAtNanos());
      statement.setLong(5, row.publishedAtNanos());
      statement.setString(6, row.dedupKey());
      return statement.executeUpdate() == 1;
    });
  }

  /**
   * Inserts tasks without dedup keys: on PostgreSQL in one statement (the rows as arrays), or one
   * binary COPY from {@value PostgresTaskCopy#FROM_ROWS} rows; on SQLite as one JDBC batch of a
   * prepared statement, run inside a transaction.
   */
  void insertAll(Connection connection, List<NewTaskRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    if (copy != null && rows.size() >= PostgresTaskCopy.FROM_ROWS) {
      copy.insert(connection, rows);
      return;
    }
    statements.runVoid(connection, insertManySql, statement -> {
      if (arrays) {
        bindRowArrays(connection, statement, rows);
        statement.executeUpdate();
        return;
      }
      for (NewTaskRow row : rows) {
        statement.setString(1, row.id());
        statement.setString(2, row.queue());
        statement.setBytes(3, row.payload());
        statement.setLong(4, row.visibleAtNanos());
        statement.setLong(5, row.publishedAtNanos());
        statement.addBatch();
      }
      statement.executeBatch();
    });
  }

  private static void bindRowArrays(Connection connection, PreparedStatement statement, List<NewTaskRow> rows)
      throws SQLException {
    int size = rows.size();
    String[] ids = new String[size];
    String[] queues = new String[size];
    byte[][] payloads = new byte[size][];
    Long[] visibleAt = new Long[size];
    Long[] publishedAt = new Long[size];
    for (int i = 0; i < size; i++) {
      NewTaskRow row = rows.get(i);
      ids[i] = row.id();
      queues[i] = row.queue();
      payloads[i] = row.payload();
      visibleAt[i] = row.visibleAtNanos();
      publishedAt[i] = row.publishedAtNanos();
    }
    statement.setArray(1, connection.createArrayOf("text", ids));
    statement.setArray(2, connection.createArrayOf("text", queues));
    statement.setArray(3, connection.createArrayOf("bytea", payloads));
    statement.setArray(4, connection.createArrayOf("int8", visibleAt));
    statement.setArray(5, connection.createArrayOf("int8", publishedAt));
  }

  /**
   * Deletes every task whose lease is still the one given beside its id (stale receipts delete
   * nothing): one statement on PostgreSQL, one JDBC batch on SQLite (run that one inside a
   * transaction). {@code relaxed}: the PostgreSQL statement runs alone in auto-commit and commits
   * without waiting for the WAL flush (a lost ack only redelivers); never inside a caller's
   * transaction, whose durability it would change.
   */
  void deleteAll(Connection connection, List<String> ids, List<String> leases, boolean relaxed)
      throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    statements.runVoid(connection, relaxed ? deleteManyRelaxedSql : deleteManySql, statement -> {
      if (arrays) {
        statement.setArray(1, connection.createArrayOf("text", ids.toArray(String[]::new)));
        statement.setArray(2, connection.createArrayOf("text", leases.toArray(String[]::new)));
        statement.executeUpdate();
        return;
      }
      for (int i = 0; i < ids.size(); i++) {
        statement.setString(1, ids.get(i));
        statement.setString(2, leases.get(i));
        statement.addBatch();
      }
      statement.executeBatch();
    });
  }

  /** The id of the unfinished task of {@code queue} with {@code dedupKey}. */
  Optional<String> idByDedupKey(Connection connection, String queue, String dedupKey) throws SQLException {
    return statements.run(connection, dedupSql, statement -> {
      statement.setString(1, queue);
      statement.setString(2, dedupKey);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    });
  }

  /** Claims up to {@code max} visible tasks under {@code lease}; sorted by id (publish order). */
  List<Task> claim(Connection connection, String queue, int max, String lease, long nowNanos, long invisibleUntil)
      throws SQLException {
    List<Task> tasks = new ArrayList<>();
    statements.runVoid(connection, claimSql, statement -> {
      statement.setString(1, lease);
      statement.setLong(2, invisibleUntil);
      statement.setString(3, queue);
      statement.setLong(4, nowNanos);
      statement.setInt(5, max);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          tasks.add(new Task(queue, rows.getString(1), rows.getBytes(2), rows.getInt(3),
              EpochNanos.toInstant(rows.getLong(4)), lease));
        }
      }
    });
    tasks.sort((a, b) -> a.id().compareTo(b.id()));
    return tasks;
  }

  /** Deletes a task if its lease is still {@code lease}; false for a stale receipt. */
  boolean delete(Connection connection, String id, String lease) throws SQLException {
    return statements.run(connection, ackSql, statement -> {
      statement.setString(1, id);
      statement.setString(2, lease);
      return statement.executeUpdate() == 1;
    });
  }

  /** Makes a leased task visible again at {@code visibleAtNanos}; false for a stale receipt. */
  boolean release(Connection connection, String id, String lease, long visibleAtNanos) throws SQLException {
    return statements.run(connection, releaseSql, statement -> {
      statement.setLong(1, visibleAtNanos);
      statement.setString(2, id);
      statement.setString(3, lease);
      return statement.executeUpdate() == 1;
    });
  }
}
