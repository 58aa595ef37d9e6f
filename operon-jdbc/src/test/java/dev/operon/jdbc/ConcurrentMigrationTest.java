package dev.operon.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.spi.BackendOptions;
import dev.operon.spi.Health;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Several databases opened at once on the same empty database apply each migration exactly once. */
class ConcurrentMigrationTest {
  private static final int OPENERS = 4;

  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  /** The migration scripts each dialect ships (migrations/<dialect>/V1..Vn.sql). */
  static final int POSTGRES_SCRIPTS = 3;
  static final int SQLITE_SCRIPTS = 2;

  @TempDir Path dir;

  @Test
  void postgresOpenedFourTimesAtOnceMigratesOnce() throws Exception {
    BackendOptions options = DatabaseFixtures.options();
    List<JdbcDatabase> opened = openConcurrently(() -> JdbcDatabase.open(SCHEMA.url(), options));
    assertMigratedOnce(opened, options.tablePrefix(), POSTGRES_SCRIPTS);
  }

  @Test
  void sqliteOpenedFourTimesAtOnceMigratesOnce() throws Exception {
    BackendOptions options = DatabaseFixtures.options();
    String url = "sqlite:" + dir.resolve("migrate.db");
    List<JdbcDatabase> opened = openConcurrently(() -> JdbcDatabase.open(url, options));
    assertMigratedOnce(opened, options.tablePrefix(), SQLITE_SCRIPTS);
  }

  private static List<JdbcDatabase> openConcurrently(Callable<JdbcDatabase> open) throws Exception {
    CyclicBarrier start = new CyclicBarrier(OPENERS);
    ExecutorService threads = Executors.newFixedThreadPool(OPENERS);
    try {
      List<Future<JdbcDatabase>> futures = new ArrayList<>();
      for (int i = 0; i < OPENERS; i++) {
        futures.add(threads.submit(() -> {
          start.await();
          return open.call();
        }));
      }
      List<JdbcDatabase> opened = new ArrayList<>();
      for (Future<JdbcDatabase> future : futures) {
        opened.add(future.get());
      }
      return opened;
    } finally {
      threads.shutdown();
    }
  }

  private static void assertMigratedOnce(List<JdbcDatabase> opened, String prefix, int scripts)
      throws SQLException {
    try {
      JdbcDatabase first = opened.get(0);
      try (Connection connection = first.dataSource().getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(
              "SELECT version, COUNT(*) FROM " + prefix + "schema_version GROUP BY version ORDER BY version")) {
        List<String> versions = new ArrayList<>();
        while (rows.next()) {
          versions.add(rows.getInt(1) + "x" + rows.getInt(2));
        }
        assertThat(versions).containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, scripts).mapToObj(v -> v + "x1").toList());
      }
      for (JdbcDatabase database : opened) {
        assertThat(database.schemaVersion()).isEqualTo(scripts);
        Health health = database.check();
        assertThat(health.ok()).as(health.detail()).isTrue();
        assertThat(health.detail()).contains("schema version " + scripts);
      }
    } finally {
      opened.forEach(JdbcDatabase::close);
    }
  }
}
