package dev.operon.testkit.jdbc;

import dev.operon.testkit.Services;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL schema for one test class ({@code t_<random>}), dropped afterwards. Its
 * {@link #url()} sets it as the current schema, so the class never sees other classes' tables.
 * Skips the class (fails it on CI, see {@link Services#isCi()}) when PostgreSQL is unreachable. Register it with
 * {@code @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();}; the
 * PostgreSQL JDBC driver must be on the test class path.
 */
public final class PostgresSchema implements BeforeAllCallback, AfterAllCallback {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private String name;

  /** A schema made when the test class starts. */
  public PostgresSchema() {}

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    Services.requirePostgres();
    name = "t_" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    execute("CREATE SCHEMA " + name);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (name != null) {
      execute("DROP SCHEMA " + name + " CASCADE");
    }
  }

  /** The Operon URL of the test database with this schema as the current one. */
  public String url() {
    return Services.postgresUrl() + "&currentSchema=" + name;
  }

  /** The JDBC URL of the test database with this schema as the current one (for a pool of the test's own). */
  public String jdbcUrl() {
    return ADMIN_URL + "&currentSchema=" + name;
  }

  /** A plain JDBC connection with this schema as the current one. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(ADMIN_URL + "&currentSchema=" + name);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
