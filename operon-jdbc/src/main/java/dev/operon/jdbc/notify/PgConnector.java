package dev.operon.jdbc.notify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens dedicated pgjdbc connections (not from the pool: LISTEN is per session). */
final class PgConnector {
  private final String jdbcUrl;
  private final Properties properties;
  private final String redactedUrl;

  PgConnector(String jdbcUrl, Properties properties, String redactedUrl) {
    this.jdbcUrl = jdbcUrl;
    this.properties = properties;
    this.redactedUrl = redactedUrl;
  }

  Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(jdbcUrl, properties);
    connection.setAutoCommit(true);
    return connection;
  }

  String redactedUrl() {
    return redactedUrl;
  }
}
