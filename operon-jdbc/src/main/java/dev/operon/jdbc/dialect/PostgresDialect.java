package dev.operon.jdbc.dialect;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.PGStatement;

/**
 * PostgreSQL through pgjdbc: many writers with row locks and SKIP LOCKED, array parameters,
 * transaction ids, LISTEN/NOTIFY, advisory locks, SQLState classes.
 */
public final class PostgresDialect implements Dialect {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String SERIALIZATION_FAILURE = "40001";
  private static final String DEADLOCK_DETECTED = "40P01";
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String CONNECTION_CLASS = "08";
  private static final String START_COMMAND =
      "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

  private final String jdbcUrl;

  public PostgresDialect(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  @Override
  public String codePointOrder(String column) {
    return column + " COLLATE \"C\"";
  }

  /** pgjdbc's prepare threshold 0: the statement is always sent unnamed, so planned with its values. */
  @Override
  public void planEachExecution(PreparedStatement statement) throws SQLException {
    if (statement.isWrapperFor(PGStatement.class)) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
  }

  @Override
  public String jsonParameter() {
    return "CAST(? AS jsonb)";
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public String jdbcUrl() {
    return jdbcUrl;
  }

  @Override
  public Properties driverProperties() {
    Properties properties = new Properties();
    properties.setProperty("ApplicationName", "operon");
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("tcpKeepAlive", "true");
    return properties;
  }

  @Override
  public Optional<String> connectionInitSql() {
    return Optional.empty();
  }

  @Override
  public Optional<Path> file() {
    return Optional.empty();
  }

  @Override
  public boolean reusesStatements() {
    return false;
  }

  @Override
  public boolean singleWriter() {
    return false;
  }

  @Override
  public boolean arrayParameters() {
    return true;
  }

  @Override
  public boolean transactionIds() {
    return true;
  }

  @Override
  public boolean listenNotify() {
    return true;
  }

  @Override
  public String forUpdate() {
    return " FOR UPDATE";
  }

  @Override
  public String forUpdateSkipLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  public String claimedRows(String table, String selection) {
    return "ctid = ANY(ARRAY(SELECT ctid FROM " + table + " " + selection + forUpdateSkipLocked() + "))";
  }

  @Override
  public java.util.Optional<String> refreshStatistics(String table) {
    return java.util.Optional.of("ANALYZE " + table);
  }

  @Override
  public String blobType() {
    return "bytea";
  }

  @Override
  public void lockForMigration(Connection connection, String prefix) throws SQLException {
    String sql = "SELECT pg_advisory_xact_lock(hashtext('operon.migrate.' || current_schema() || '.' || ?))";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, prefix);
      statement.execute();
    }
  }

  @Override
  public String productVersion(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SHOW server_version");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      String version = rows.getString(1);
      int space = version.indexOf(' ');
      return "PostgreSQL " + (space > 0 ? version.substring(0, space) : version);
    }
  }

  @Override
  public SqlFailure classify(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return SqlFailure.OTHER;
    }
    if (state.equals(UNIQUE_VIOLATION)) {
      return SqlFailure.UNIQUE_VIOLATION;
    }
    if (state.equals(SERIALIZATION_FAILURE) || state.equals(DEADLOCK_DETECTED)
        || state.equals(LOCK_NOT_AVAILABLE)) {
      return SqlFailure.RETRYABLE;
    }
    if (state.startsWith(CONNECTION_CLASS) || state.equals("57P01") || state.equals("57P03")) {
      return SqlFailure.CONNECTION;
    }
    return SqlFailure.OTHER;
  }

  @Override
  public String unreachableHint() {
    return "start PostgreSQL (" + START_COMMAND + ") and check host, port, database and user";
  }
}
