package dev.operon.jdbc;

import dev.operon.error.ErrorKind;
import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.internal.DatabaseContext;
import dev.operon.jdbc.internal.Migrator;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a capability's own JDBC store builds on (the saga visibility table now; the operation log,
 * the outbox, tracked operations and documents next): its tables, migrated once per database under
 * the same lock as the ports' tables, and the database's connections. A statement runs on the
 * transaction bound to the calling thread when there is one ({@link JdbcDatabase#inTransaction},
 * a saga transition), so a capability's rows commit with the events they describe; otherwise in a
 * short transaction of its own. Names written {@code {p}name} in SQL get the table prefix.
 */
public final class CapabilityTables {
  private final DatabaseContext context;
  private final ErrorKind kind;
  private final int versionBefore;
  private final dev.operon.jdbc.internal.ReusedStatements reused = new dev.operon.jdbc.internal.ReusedStatements();

  CapabilityTables(DatabaseContext context, ErrorKind kind, int versionBefore) {
    this.context = context;
    this.kind = kind;
    this.versionBefore = versionBefore;
  }

  /**
   * The tables of capability {@code component} in {@code database}: applies the scripts
   * {@code <folder><dialect>/V<n>.sql} (found through {@code anchor}'s class loader) that
   * {@code <prefix><component>_schema_version} does not list yet, exactly once even when several
   * processes open the database at once. Errors are reported with {@code kind}.
   */
  public static CapabilityTables migrate(JdbcDatabase database, String component, Class<?> anchor, String folder,
      ErrorKind kind) {
    DatabaseContext context = database.context();
    int[] versions = new Migrator(context.dialect(), context.tables(), anchor, folder,
        component + "_schema_version").migrateFrom(context.transactions());
    return new CapabilityTables(context, kind, versions[0]);
  }

  /**
   * The capability's schema version before this process migrated it: 0 when this process created
   * its tables (a capability may then fill them from data written before they existed).
   */
  public int versionBefore() {
    return versionBefore;
  }

  /** The database's dialect. */
  public Dialect dialect() {
    return context.dialect();
  }

  /** {@code sql} with every {@code {p}} replaced by the table prefix. */
  public String sql(String sql) {
    return context.tables().sql(sql);
  }

  /** Runs {@code work} on the bound transaction, or on a pooled connection in auto-commit. */
  public <T> T read(Work<T> work) {
    return context.transactions().read(kind, work::run);
  }

  /** Runs {@code work} on the bound transaction, or in a short transaction of its own (retried if transient). */
  public <T> T write(Work<T> work) {
    return context.transactions().write(kind, work::run);
  }

  /**
   * {@code sql} prepared once per physical connection under {@code connection} and reused by every
   * later use of it (SQLite compiles a statement on every prepare): the caller sets its parameters
   * and runs it, and must not close it.
   */
  public java.sql.PreparedStatement reused(Connection connection, String sql) throws SQLException {
    return reused.of(connection).get(sql);
  }

  /** Whether the calling thread runs inside a transaction of this database. */
  public boolean inTransaction() {
    return context.transactions().bound();
  }

  /** SQL run on a connection of this database. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }
}
