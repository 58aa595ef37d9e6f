package dev.operon.jdbc.dialect;

/** What a database error means to Operon, decided by SQLState or result code, never by message. */
public enum SqlFailure {
  /** A unique or primary key constraint was violated. */
  UNIQUE_VIOLATION,
  /** A serialization failure, deadlock or busy database: running the transaction again may work. */
  RETRYABLE,
  /** The connection was lost or could not be made. */
  CONNECTION,
  /** Anything else. */
  OTHER
}
