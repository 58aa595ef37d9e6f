package dev.operon.commands.internal;

import java.time.Instant;

/** The scope of one persistent operation: ends by {@link #commit} or {@link #rollback}. */
public interface StoredScope {

  /**
   * Stamps {@code operation} with {@code now}, writes it (unless it must not be stored) and its
   * events, and commits with the business writes. When COMMIT fails, looks for the operation on a
   * fresh connection ({@code verification}) and returns if it is there. Throws, having stored
   * nothing, otherwise.
   */
  void commit(OperationState operation, Instant now, CommitVerification verification);

  /**
   * Runs {@code action} once the scope's writes are committed, after {@link #commit}: at once, or,
   * when the scope joined a transaction of the caller's, once that commits (never if it rolls back).
   */
  default void whenCommitted(Runnable action) {
    action.run();
  }

  /** Drops everything written in the scope. */
  void rollback();
}
