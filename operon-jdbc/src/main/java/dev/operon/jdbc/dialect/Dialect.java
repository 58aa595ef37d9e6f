package dev.operon.jdbc.dialect;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * What differs between the databases the JDBC adapter supports: the JDBC URL, driver and pool
 * settings, what the database can do, a few SQL fragments, the migration scripts and the
 * classification of errors. The adapter's logic is written once against this interface and asks
 * it, never which database it is: only {@link Dialects#of} names a concrete dialect.
 */
public interface Dialect {

  /** A short name: {@code sqlite} or {@code postgres}; also the folder of its migration scripts. */
  String name();

  /** The JDBC URL to connect to. */
  String jdbcUrl();

  /**
   * The SQL that binds a JSON document given as text to a JSON column: {@code CAST(? AS jsonb)} on
   * PostgreSQL, {@code ?} on SQLite (which keeps JSON as text).
   */
  String jsonParameter();

  /**
   * {@code column} compared in code point order (the order of its UTF-8 bytes), whatever the
   * database's collation, so that a range {@code >= prefix AND < successor} selects exactly the
   * values that start with the prefix: {@code column COLLATE "C"} on PostgreSQL (an index meant to
   * serve such a range must be declared with the same collation), {@code column} on SQLite (whose
   * default collation compares bytes).
   */
  String codePointOrder(String column);

  /**
   * Has the database plan {@code statement} with its parameter values each time it runs, never with
   * a generic plan cached for any values: for a query whose best plan depends on them (a stream
   * prefix that matches a few events wants its index, one that matches most of them the log's
   * order). PostgreSQL otherwise switches a statement run often on a connection to a generic plan,
   * whose estimates know nothing of the values; SQLite plans without looking at values anyway.
   */
  void planEachExecution(PreparedStatement statement) throws SQLException;

  /** Driver properties (pragmas for SQLite). */
  Properties driverProperties();

  /** The statement run on every new connection of the pool, if any. */
  Optional<String> connectionInitSql();

  /**
   * The file that holds the database, for a database in a file (SQLite): its directory is created
   * before the first connection. Empty for a database server.
   */
  Optional<Path> file();

  /**
   * Whether the database takes one writer at a time (SQLite). Writes are then serialised in this
   * JVM by a lock per database file, so that writers queue instead of failing with SQLITE_BUSY.
   */
  boolean singleWriter();

  /**
   * Whether the stores keep a prepared statement per connection and reuse it: yes where the driver
   * compiles the statement natively on every prepare (SQLite), no where it keeps the server-side
   * statements of a connection by SQL itself (PostgreSQL).
   */
  boolean reusesStatements();

  /**
   * Whether a statement may bind SQL arrays ({@code unnest(?::text[])}), so that one statement
   * writes or deletes many rows: PostgreSQL yes, SQLite no.
   */
  boolean arrayParameters();

  /**
   * Whether transactions have ids in the order they start, and the oldest one still running can be
   * read ({@code pg_current_xact_id()}, {@code pg_snapshot_xmin(pg_current_snapshot())}):
   * PostgreSQL yes, SQLite no. The event store then numbers events by the transaction that writes
   * them, so that concurrent writers, committing in another order, never make a reader skip one.
   */
  boolean transactionIds();

  /**
   * Whether the database carries notifications between sessions (LISTEN/NOTIFY), so that a
   * backend's change notifier can use it: PostgreSQL yes; SQLite no (a backend on it polls).
   */
  boolean listenNotify();

  /** {@code " FOR UPDATE"} where rows can be locked, else empty. */
  String forUpdate();

  /** {@code " FOR UPDATE SKIP LOCKED"} where supported, else empty (single writer). */
  String forUpdateSkipLocked();

  /**
   * The condition of an {@code UPDATE} of {@code table} (which has an {@code id} column) that
   * claims the rows {@code selection} (its {@code WHERE ... ORDER BY ... LIMIT ?}) picks, skipping
   * rows other transactions hold. PostgreSQL: {@code ctid = ANY(ARRAY(SELECT ctid FROM table
   * selection FOR UPDATE SKIP LOCKED))}, which locks the picked rows once and updates them by
   * their physical address. The plain {@code id IN (SELECT id ...)} is planned, once the prepared
   * statement's plan turns generic (its LIMIT unknown), as a hash join over a sequential scan of
   * the whole table: every claim of a large backlog would read all of it. SQLite, a single writer:
   * {@code id IN (SELECT id FROM table selection)}.
   */
  String claimedRows(String table, String selection);

  /**
   * The statement that refreshes the planner's statistics of {@code table}, where claims need them
   * to be planned well: PostgreSQL {@code ANALYZE table} (before a table's first analysis the
   * planner takes a large backlog for a dozen rows and sorts all of it on every claim); SQLite
   * none (its claims follow the index without statistics).
   */
  java.util.Optional<String> refreshStatistics(String table);

  /** The column type of binary values. */
  String blobType();

  /** Takes a lock held until the end of the current transaction, serialising migrations. */
  void lockForMigration(Connection connection, String prefix) throws SQLException;

  /** "PostgreSQL 15.20", "SQLite 3.51.1". */
  String productVersion(Connection connection) throws SQLException;

  /** What {@code e} means. */
  SqlFailure classify(SQLException e);

  /** What to do when the database cannot be reached: a command or a check. */
  String unreachableHint();
}
