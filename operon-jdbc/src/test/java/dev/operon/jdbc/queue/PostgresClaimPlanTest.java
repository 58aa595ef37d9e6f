package dev.operon.jdbc.queue;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.jdbc.internal.Tables;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A claim reads the head of the ready index, never the whole backlog: after a publish of
 * thousands of tasks the table's statistics are refreshed, and the claim's generic plan (the one
 * a prepared statement settles on after a few runs, its LIMIT unknown) has neither a sequential
 * scan nor a sort.
 */
class PostgresClaimPlanTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  private static final String PREFIX = "plan_";
  private static final int BACKLOG = 5_000;

  @Test
  void aLargeBacklogIsClaimedFromTheHeadOfTheReadyIndex() throws Exception {
    BackendOptions options = BackendOptions.defaults().withTablePrefix(PREFIX);
    try (JdbcDatabase database = JdbcDatabase.open(SCHEMA.url(), options);
        Connection connection = SCHEMA.connect()) {
      TaskQueue queue = database.taskQueue();
      queue.publishAll("bulk", Collections.nCopies(BACKLOG, new byte[] {1}), PublishOptions.NOW);

      eventually(Duration.ofSeconds(30), () -> assertThat(analyses(connection)).isPositive());
      List<String> plan = genericPlan(connection, TaskTable.claimSql(new Tables(PREFIX), database.dialect()));
      assertThat(plan).as("claim plan %s", plan)
          .noneMatch(line -> line.contains("Seq Scan") || line.contains("Sort"))
          .anyMatch(line -> line.contains("Index Scan using " + PREFIX + "tasks_ready"))
          .anyMatch(line -> line.contains("Tid Scan"));

      List<Task> claimed = queue.fetch("bulk", 50, Duration.ZERO);
      assertThat(claimed).hasSize(50);
      queue.ackAll(claimed);
      assertThat(queue.stats("bulk").depth()).isEqualTo(BACKLOG - 50);
    }
  }

  /** How many times the tasks table was analysed on request (autovacuum's analyses not counted). */
  private static long analyses(Connection connection) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = ? AND schemaname = current_schema()")) {
      statement.setString(1, PREFIX + "tasks");
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  /** The plan of {@code sql} (five {@code ?} parameters) as a prepared statement's generic plan. */
  private static List<String> genericPlan(Connection connection, String sql) throws Exception {
    String numbered = sql;
    for (int i = 1; numbered.contains("?"); i++) {
      numbered = numbered.replaceFirst("\\?", "\\$" + i);
    }
    List<String> plan = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET plan_cache_mode = force_generic_plan");
      statement.execute("PREPARE claim(text, int8, text, int8, int4) AS " + numbered);
      try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE claim('lease', 1, 'bulk', 9223372036854775807, 50)")) {
        while (rows.next()) {
          plan.add(rows.getString(1));
        }
      }
      statement.execute("DEALLOCATE claim");
    }
    return plan;
  }
}
