package dev.operon.jdbc.internal;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.dialect.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL scripts of a dialect ({@code migrations/<dialect>/V<n>.sql}, every
 * name written {@code {p}name}) that the {@code <prefix>schema_version} table does not list yet.
 * It runs in one transaction under a lock (PostgreSQL: {@code pg_advisory_xact_lock}; SQLite: a
 * {@code BEGIN IMMEDIATE} write transaction), so two processes that open the same empty database
 * at once apply each script exactly once: the second waits, then finds nothing left to do.
 */
public final class Migrator {
  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
  private static final String FOLDER = "/dev/operon/jdbc/migrations/";

  private final Dialect dialect;
  private final Tables tables;
  private final Class<?> anchor;
  private final String folder;
  private final String versionTable;

  /** The migrations of the ports' own tables, recorded in {@code <prefix>schema_version}. */
  public Migrator(Dialect dialect, Tables tables) {
    this(dialect, tables, Migrator.class, FOLDER, "schema_version");
  }

  /**
   * The migrations of a capability's own tables: the scripts {@code <folder><dialect>/V<n>.sql}
   * found through {@code anchor}'s class loader, recorded in {@code <prefix><versionTable>}.
   */
  public Migrator(Dialect dialect, Tables tables, Class<?> anchor, String folder, String versionTable) {
    this.dialect = dialect;
    this.tables = tables;
    this.anchor = anchor;
    this.folder = folder.endsWith("/") ? folder : folder + "/";
    this.versionTable = versionTable;
  }

  /** The highest script version this code knows. */
  public int latestVersion() {
    return scripts().size();
  }

  /** Applies the missing scripts; returns the schema version afterwards. */
  public int migrate(Transactions transactions) {
    return migrateFrom(transactions)[1];
  }

  /** Applies the missing scripts; returns the schema versions before and after. */
  public int[] migrateFrom(Transactions transactions) {
    return transactions.writeOwn(ErrorKind.CONFIGURATION, connection -> {
      dialect.lockForMigration(connection, tables.prefix());
      createVersionTable(connection);
      int current = currentVersion(connection);
      List<String> scripts = scripts();
      for (int version = current + 1; version <= scripts.size(); version++) {
        apply(connection, version, scripts.get(version - 1));
      }
      return new int[] {current, Math.max(current, scripts.size())};
    });
  }

  /** The version recorded in the schema_version table, 0 if the table is empty or missing. */
  public int currentVersion(Connection connection) throws SQLException {
    String sql = tables.sql("SELECT COALESCE(MAX(version), 0) FROM {p}" + versionTable);
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private void createVersionTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(tables.sql("CREATE TABLE IF NOT EXISTS {p}" + versionTable + " ("
          + "version INTEGER PRIMARY KEY, applied_at_ns BIGINT NOT NULL)"));
    }
  }

  private void apply(Connection connection, int version, String script) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements(script)) {
        statement.execute(tables.sql(sql));
      }
    }
    String record = tables.sql("INSERT INTO {p}" + versionTable + " (version, applied_at_ns) VALUES (?, ?)");
    try (PreparedStatement statement = connection.prepareStatement(record)) {
      statement.setInt(1, version);
      statement.setLong(2, EpochNanos.of(java.time.Instant.now()));
      statement.executeUpdate();
    }
    LOG.info("Applied {} {} version {} with prefix {}", dialect.name(), versionTable, version, tables.prefix());
  }

  private static List<String> statements(String script) {
    List<String> result = new ArrayList<>();
    for (String part : script.split(";\\s*\\n")) {
      String sql = part.replaceAll("(?m)^\\s*--.*$", "").trim();
      if (!sql.isEmpty()) {
        result.add(sql);
      }
    }
    return result;
  }

  private List<String> scripts() {
    List<String> result = new ArrayList<>();
    for (int version = 1; ; version++) {
      String path = folder + dialect.name() + "/V" + version + ".sql";
      try (InputStream in = anchor.getResourceAsStream(path)) {
        if (in == null) {
          return result;
        }
        result.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw OperonException.of(ErrorKind.CONFIGURATION, "Cannot read migration " + path + ": " + e)
            .cause(e).retryable(false).build();
      }
    }
  }
}
