package dev.operon.bench.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

/**
 * db-scheduler draining one-time tasks: its table (the documented PostgreSQL DDL) in the scratch
 * database, every task scheduled in one {@code scheduleBatch}, then a scheduler started with the
 * lock-and-fetch polling strategy that executes them with a handler that only counts.
 */
final class DbSchedulerDrain {
  /** db-scheduler's default number of executor threads. */
  static final int THREADS = 10;
  /** The README's values of lock-and-fetch "for high throughput (i.e. keep threads busy)". */
  static final double LOWER_LIMIT_FRACTION_OF_THREADS = 1.0;
  static final double UPPER_LIMIT_FRACTION_OF_THREADS = 4.0;
  static final Duration DRAIN_LIMIT = Duration.ofMinutes(10);

  /** db-scheduler's postgresql_tables.sql. */
  private static final List<String> DDL = List.of("""
      create table scheduled_tasks (
        task_name text not null,
        task_instance text not null,
        task_data bytea,
        execution_time timestamp with time zone not null,
        picked BOOLEAN not null,
        picked_by text,
        last_success timestamp with time zone,
        last_failure timestamp with time zone,
        consecutive_failures INT,
        last_heartbeat timestamp with time zone,
        version BIGINT not null,
        priority SMALLINT,
        PRIMARY KEY (task_name, task_instance)
      )""",
      "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)",
      "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
      "CREATE INDEX priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)");

  private final PeerRun run;

  DbSchedulerDrain(PeerRun run) {
    this.run = run;
  }

  /** The version of the db-scheduler library on the class path, from its Maven properties. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = Scheduler.class.getResourceAsStream(
        "/META-INF/maven/com.github.kagkarlsson/db-scheduler/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  DrainTiming run() throws Exception {
    PeersSettings settings = run.settings();
    try (HikariDataSource pool = run.scratch().pool("db-scheduler", settings.poolSize())) {
      createTable(pool);
      DrainCount count = new DrainCount("db-scheduler", settings.tasks());
      OneTimeTask<Void> noOp = Tasks.oneTime("peers-no-op").execute((instance, context) -> count.add(1));
      List<TaskInstance<?>> instances = IntStream.range(0, settings.tasks())
          .<TaskInstance<?>>mapToObj(i -> noOp.instance("task-" + i)).toList();
      Scheduler scheduler = Scheduler.create(pool, noOp)
          .threads(THREADS)
          .pollUsingLockAndFetch(LOWER_LIMIT_FRACTION_OF_THREADS, UPPER_LIMIT_FRACTION_OF_THREADS)
          .build();
      long begin = System.nanoTime();
      scheduler.scheduleBatch(instances, Instant.now());
      long scheduled = System.nanoTime();
      scheduler.start();
      long drained;
      try {
        count.await(DRAIN_LIMIT);
        drained = System.nanoTime();
      } finally {
        scheduler.stop();
      }
      return DrainTiming.report(run.progress(), "db-scheduler", "scheduled", settings.tasks(), begin, scheduled,
          drained);
    }
  }

  private static void createTable(HikariDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : DDL) {
        statement.execute(sql);
      }
    }
  }
}
