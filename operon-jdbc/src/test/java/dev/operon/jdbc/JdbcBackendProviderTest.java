package dev.operon.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.NewEvent;
import dev.operon.spi.Backend;
import dev.operon.spi.Backends;
import dev.operon.spi.Health;
import dev.operon.testkit.Services;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JdbcBackendProviderTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @TempDir Path dir;

  @Test
  void schemesAreRegistered() {
    assertThat(Backends.knownSchemes()).contains("sqlite", "postgres", "postgresql");
  }

  @Test
  void sqliteBackendGivesEveryPortAndAHealthyCheck() {
    try (Backend backend = Backends.open("sqlite:" + dir.resolve("b.db"), DatabaseFixtures.options())) {
      Health health = backend.check();
      assertThat(health.ok()).isTrue();
      assertThat(health.detail()).startsWith("SQLite 3.")
          .endsWith("schema version " + ConcurrentMigrationTest.SQLITE_SCRIPTS);
      assertThat(backend.eventStore().append("s", 0, new NewEvent("T", new byte[0]))).isEqualTo(1);
      backend.taskQueue().publish("q", new byte[0]);
      assertThat(backend.taskQueue().fetch("q", 1, Duration.ZERO)).hasSize(1);
      assertThat(backend.timerStore().nextDue()).isEmpty();
      backend.checkpoints().save("c", 1);
      assertThat(backend.checkpoints().position("c")).isEqualTo(1);
      assertThat(backend.notifier()).isNotNull();
    }
  }

  @Test
  void postgresBackendChecksVersionAndSchema() {
    String url = SCHEMA.url().replace("postgres://", "postgresql://");
    try (Backend backend = Backends.open(url, DatabaseFixtures.options())) {
      Health health = backend.check();
      assertThat(health.ok()).isTrue();
      assertThat(health.detail()).matches(
          "PostgreSQL \\d+(\\.\\d+)?, schema version " + ConcurrentMigrationTest.POSTGRES_SCRIPTS);
      assertThat(backend.notifier()).isNotNull();
    }
  }

  @Test
  void unreachablePostgresNamesTheUrlAndHowToStartIt() {
    Services.requirePostgres();
    assertThatThrownBy(() -> Backends.open("postgres://127.0.0.1:1/test?user=postgres&password=secret",
            DatabaseFixtures.options()))
        .isInstanceOf(OperonException.class)
        .hasMessageContaining("postgres://127.0.0.1:1/test")
        .hasMessageContaining("pg_ctlcluster")
        .hasMessageNotContaining("secret");
  }

  @Test
  void malformedUrlsAreConfigurationErrors() {
    assertThatThrownBy(() -> Backends.open("postgres://", DatabaseFixtures.options()))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION));
    assertThatThrownBy(() -> Backends.open("sqlite:", DatabaseFixtures.options()))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION))
        .hasMessageContaining("sqlite:");
  }
}
