package dev.operon.jdbc.dialect;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.SQLiteException;

/**
 * SQLite in WAL mode with {@code synchronous=NORMAL} (durable across application crashes, may
 * lose the last transactions on power loss) and a busy timeout. Write transactions begin with
 * {@code BEGIN IMMEDIATE} so that two writers never deadlock on a lock upgrade.
 *
 * <p>The WAL is checkpointed into the database file every {@value #CHECKPOINT_PAGES} pages
 * (SQLite's default is 1000). A checkpoint writes each page changed since the last one once, and
 * appends change the same few pages (the end of the events table, the index leaves of the busy
 * streams, the streams table) over and over, so a longer interval writes far less in all; it
 * measured about a third more appends per second. The price is a WAL file of up to about
 * {@value #CHECKPOINT_PAGES} pages (40 MB with 4 KB pages). Durability is unchanged: a commit is
 * in the WAL either way.
 */
public final class SqliteDialect implements Dialect {
  private static final int BUSY = 5;
  private static final int LOCKED = 6;
  private static final int CONSTRAINT_PRIMARYKEY = 1555;
  private static final int CONSTRAINT_UNIQUE = 2067;
  private static final int CANTOPEN = 14;
  private static final int CHECKPOINT_PAGES = 10_000;

  private final Path file;

  public SqliteDialect(Path file) {
    this.file = file;
  }

  /** The database file. */
  @Override
  public Optional<Path> file() {
    return Optional.of(file);
  }

  @Override
  public String codePointOrder(String column) {
    return column;
  }

  @Override
  public void planEachExecution(PreparedStatement statement) {
    // SQLite's planner does not look at parameter values: nothing to change.
  }

  @Override
  public String jsonParameter() {
    return "?";
  }

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:sqlite:" + file;
  }

  @Override
  public Properties driverProperties() {
    Properties properties = new Properties();
    properties.setProperty("journal_mode", "WAL");
    properties.setProperty("synchronous", "NORMAL");
    properties.setProperty("busy_timeout", "30000");
    properties.setProperty("transaction_mode", "IMMEDIATE");
    properties.setProperty("foreign_keys", "false");
    // Nothing reads generated keys; retrieving them costs a regex match and a query per INSERT.
    properties.setProperty("jdbc.get_generated_keys", "false");
    return properties;
  }

  /** The statement run on every new connection: the WAL auto-checkpoint interval. */
  @Override
  public Optional<String> connectionInitSql() {
    return Optional.of("PRAGMA wal_autocheckpoint=" + CHECKPOINT_PAGES);
  }

  @Override
  public boolean reusesStatements() {
    return true;
  }

  @Override
  public boolean singleWriter() {
    return true;
  }

  @Override
  public boolean arrayParameters() {
    return false;
  }

  @Override
  public boolean transactionIds() {
    return false;
  }

  @Override
  public boolean listenNotify() {
    return false;
  }

  @Override
  public String forUpdate() {
    return "";
  }

  @Override
  public String forUpdateSkipLocked() {
    return "";
  }

  @Override
  public String claimedRows(String table, String selection) {
    return "id IN (SELECT id FROM " + table + " " + selection + ")";
  }

  @Override
  public java.util.Optional<String> refreshStatistics(String table) {
    return java.util.Optional.empty();
  }

  @Override
  public String blobType() {
    return "BLOB";
  }

  @Override
  public void lockForMigration(Connection connection, String prefix) throws SQLException {
    // The migration runs in a write transaction, which SQLite begins IMMEDIATE: one at a time.
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS " + prefix + "migration_lock (id INTEGER)");
      statement.execute("DELETE FROM " + prefix + "migration_lock");
    }
  }

  @Override
  public String productVersion(Connection connection) throws SQLException {
    return "SQLite " + connection.getMetaData().getDatabaseProductVersion();
  }

  @Override
  public SqlFailure classify(SQLException e) {
    int code = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code : e.getErrorCode();
    if (code == CONSTRAINT_UNIQUE || code == CONSTRAINT_PRIMARYKEY) {
      return SqlFailure.UNIQUE_VIOLATION;
    }
    int primary = code & 0xff;
    if (primary == BUSY || primary == LOCKED) {
      return SqlFailure.RETRYABLE;
    }
    if (primary == CANTOPEN) {
      return SqlFailure.CONNECTION;
    }
    return SqlFailure.OTHER;
  }

  @Override
  public String unreachableHint() {
    return "check that the directory of " + file + " exists and is writable";
  }
}
