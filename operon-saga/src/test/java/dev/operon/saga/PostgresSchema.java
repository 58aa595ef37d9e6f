package dev.operon.saga;

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
 * A fresh PostgreSQL schema for one test class, dropped afterwards; skips the class (fails it
 * with CI=true) when PostgreSQL is unreachable.
 */
final class PostgresSchema implements BeforeAllCallback, AfterAllCallback {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private String name;

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    Services.requirePostgres();
    name = "saga_" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    execute("CREATE SCHEMA " + name);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (name != null) {
      execute("DROP SCHEMA " + name + " CASCADE");
    }
  }

  /** The Operon URL of the test database with this schema as the current one. */
  String url() {
    return Services.postgresUrl() + "&currentSchema=" + name;
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
