package dev.operon.jdbc;

import java.sql.Connection;

/**
 * The transactions a framework around Operon opens on the same pool (a Spring application's
 * {@code @Transactional} methods, say), which Operon's units of work join instead of opening their
 * own: a command's operation row and outbox events then commit with the caller's business writes,
 * and roll back with them. Given to {@link JdbcDatabase#joinCallerTransactions}.
 */
@FunctionalInterface
public interface CallerTransactions {

  /** The caller's transaction open on this thread, on a connection of the database's pool; null when there is none. */
  CallerTransaction current();

  /** One transaction of the caller's, open on the current thread. */
  interface CallerTransaction {

    /** Its connection, auto-commit off; Operon neither commits, rolls back nor closes it. */
    Connection connection();

    /** Runs {@code action} once the caller's transaction has committed; never when it rolls back. */
    void afterCommit(Runnable action);
  }
}
