package dev.operon.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;

/**
 * What differs between the databases the JDBC adapter supports: the JDBC URL and driver
 * properties, a few SQL fragments, the migration scripts and the classification of errors. The
 * adapter's logic is written once against this interface (db-scheduler's {@code JdbcCustomization}).
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

  /**
   * Whether the database takes one writer at a time (SQLite). Writes are then serialised in this
   * JVM by a lock per database file, so that writers queue instead of failing with SQLITE_BUSY.
   */
  boolean singleWriter();

  /** {@code " FOR UPDATE"} where rows can be locked, else empty. */
  String forUpdate();

  /** {@code " FOR UPDATE SKIP LOCKED"} where supported, else empty (single writer). */
  String forUpdateSkipLocked();

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
