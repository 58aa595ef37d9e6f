package dev.operon.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a connection inside a transaction (or in auto-commit for reads). */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
