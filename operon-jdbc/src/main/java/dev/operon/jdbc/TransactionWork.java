package dev.operon.jdbc;

import java.sql.Connection;

/**
 * The body of a transaction opened by {@link JdbcDatabase#inTransaction}. It may run its own SQL
 * on {@code connection} and call any port made from the same database: all of it commits when the
 * body returns and rolls back when it throws. Do not commit, roll back or close the connection.
 */
@FunctionalInterface
public interface TransactionWork<T> {
  T run(Connection connection) throws Exception;
}
