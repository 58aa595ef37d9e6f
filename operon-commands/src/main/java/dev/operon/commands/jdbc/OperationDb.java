package dev.operon.commands.jdbc;

import dev.operon.commands.CommandContext;
import dev.operon.commands.internal.ExecutionContext;
import dev.operon.commands.internal.jdbc.JdbcStoredScope;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The database connection of a command's operation: asking for it makes the operation persistent,
 * so the handler's writes on it, the operation row and its events commit together when the
 * outermost command returns (and roll back together when it throws). Closing it is allowed and
 * does nothing; committing or rolling it back is the pipeline's job and fails.
 */
public final class OperationDb {
  private OperationDb() {}

  /** The connection of {@code context}'s operation; a CONFIGURATION error if its commander stores no operations on a database. */
  public static Connection connection(CommandContext context) {
    if (!(context instanceof ExecutionContext execution) || !execution.storesOnDatabase()) {
      throw new OperonException(ErrorKind.CONFIGURATION, "Command " + context.command().getClass().getName()
          + " asked for its operation's database connection, but its commander stores operations in memory:"
          + " build the commander with backend(...) of a SQLite or PostgreSQL backend");
    }
    context.persist();
    JdbcStoredScope scope = (JdbcStoredScope) execution.outermostStoredScope();
    return unclosable(scope.connection());
  }

  private static Connection unclosable(Connection connection) {
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "close" -> {
          return null;
        }
        case "isClosed" -> {
          return false;
        }
        case "commit", "rollback", "setAutoCommit" -> throw new SQLException("The operation's transaction"
            + " commits when its outermost command returns and rolls back when it throws; " + method.getName()
            + " is not allowed on OperationDb's connection");
        default -> {
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }
      }
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        handler);
  }
}
