package dev.operon.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.NewEvent;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operon on a connection pool the application owns: its tables in the application's PostgreSQL
 * database or SQLite file, its writes on the application's connections, the pool left open when
 * Operon closes; an SQLite pool without WAL, an in-memory one, or another database refused with
 * what to set instead.
 */
class ApplicationPoolTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  @TempDir Path dir;

  private static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    config.setPoolName("application");
    return new HikariDataSource(config);
  }

  @Test
  void operonKeepsItsTablesInTheApplicationsDatabaseAndLeavesItsPoolOpen() throws Exception {
    try (HikariDataSource application = pool("jdbc:postgresql:" + SCHEMA.url().substring("postgres:".length()))) {
      BackendOptions options = BackendOptions.defaults().withTablePrefix("app_operon_");
      JdbcDatabase database = JdbcDatabase.open(application, options);
      assertThat(database.sharesTheApplicationsPool()).isTrue();
      assertThat(database.dataSource()).isSameAs(application);
      Backend backend = database.asBackend(options);
      backend.eventStore().append("order-1", 0,
          List.of(new NewEvent("Placed", "{}".getBytes(StandardCharsets.UTF_8), Map.of())));
      assertThat(backend.eventStore().read("order-1", 0, 10)).hasSize(1);
      backend.close();

      assertThat(application.isClosed()).as("the application's pool").isFalse();
      try (Connection connection = application.getConnection();
          ResultSet rows = connection.createStatement().executeQuery(
              "SELECT count(*) FROM app_operon_events WHERE stream = 'order-1'")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void anSqlitePoolInWalModeHoldsOperonsTablesInTheApplicationsFile() throws Exception {
    Path file = dir.resolve("app.db");
    try (HikariDataSource application = pool("jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=30000")) {
      BackendOptions options = BackendOptions.defaults();
      JdbcDatabase database = JdbcDatabase.open(application, options);
      assertThat(database.url().toString()).isEqualTo("sqlite:" + file);
      Backend backend = database.asBackend(options);
      backend.eventStore().append("order-1", 0,
          List.of(new NewEvent("Placed", "{}".getBytes(StandardCharsets.UTF_8), Map.of())));
      backend.close();
      assertThat(application.isClosed()).as("the application's pool").isFalse();
      try (Connection connection = application.getConnection();
          ResultSet rows = connection.createStatement().executeQuery(
              "SELECT count(*) FROM operon_events WHERE stream = 'order-1'")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void anSqlitePoolWithoutWalOrInMemoryIsRefusedWithWhatToSet() {
    try (HikariDataSource application = pool("jdbc:sqlite:" + dir.resolve("app.db"))) {
      assertThatThrownBy(() -> JdbcDatabase.open(application, BackendOptions.defaults()))
          .isInstanceOfSatisfying(OperonException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
            assertThat(e.getMessage()).contains("journal mode is delete").contains("journal_mode=WAL");
          });
      assertThat(application.isClosed()).isFalse();
    }
    try (HikariDataSource application = pool("jdbc:sqlite::memory:")) {
      assertThatThrownBy(() -> JdbcDatabase.open(application, BackendOptions.defaults()))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.getMessage()).contains("in-memory"));
    }
  }

  @Test
  void anotherDatabaseIsRefusedNamingIt() throws Exception {
    javax.sql.DataSource other = new org.sqlite.SQLiteDataSource() {
      @Override
      public Connection getConnection() throws java.sql.SQLException {
        Connection real = super.getConnection();
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
              case "getMetaData" -> java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                  new Class<?>[] {java.sql.DatabaseMetaData.class}, (p, m, a) -> switch (m.getName()) {
                    case "getURL" -> "jdbc:h2:mem:app";
                    case "getDatabaseProductName" -> "H2";
                    default -> throw new UnsupportedOperationException(m.getName());
                  });
              default -> method.invoke(real, args);
            });
      }
    };
    assertThatThrownBy(() -> JdbcDatabase.open(other, BackendOptions.defaults()))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.getMessage())
            .contains("PostgreSQL or an SQLite file").contains("H2"));
  }
}
