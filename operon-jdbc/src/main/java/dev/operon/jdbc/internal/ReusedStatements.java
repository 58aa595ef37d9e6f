package dev.operon.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements kept per physical connection across transactions. SQLite compiles a
 * statement natively on every {@code prepareStatement}, and the pool closes the statements of a
 * connection when it is returned, so statements that run on every write are prepared on the
 * physical connection underneath the pool's proxy and reused by every later checkout of it. A
 * connection is checked out by one thread at a time, so its statements are never shared
 * between threads. The statements of a connection the pool retired go with it.
 */
public final class ReusedStatements {
  private final Map<Connection, StatementCache> byConnection = new HashMap<>();

  /** The statements of {@code pooled}'s physical connection; do not close them. */
  public synchronized StatementCache of(Connection pooled) throws SQLException {
    Connection physical = pooled.unwrap(Connection.class);
    StatementCache statements = byConnection.get(physical);
    if (statements == null) {
      forgetClosedConnections();
      statements = new StatementCache(physical);
      byConnection.put(physical, statements);
    }
    return statements;
  }

  private void forgetClosedConnections() throws SQLException {
    var entries = byConnection.entrySet().iterator();
    while (entries.hasNext()) {
      if (entries.next().getKey().isClosed()) {
        entries.remove();
      }
    }
  }
}
