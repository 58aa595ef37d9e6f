package dev.operon.checkpoint;

/**
 * Durable consumer positions: for each named consumer of the global log, the position of the last
 * event it has fully handled. Implementations are thread-safe.
 *
 * <p><b>Forward only.</b> A position never moves backwards: {@link #save} with a position at or
 * below the stored one changes nothing and is not an error. So a consumer that handles a batch
 * again after a crash, or two saves that race, can never rewind it, and saving the same position
 * twice is harmless.
 *
 * <p><b>Transactions.</b> Where the backend has transactions, a save made inside the body of its
 * {@link dev.operon.spi.Transactor#inTransaction} is part of that transaction (the transactor's
 * {@code joins(checkpoints)} says so): it commits with the consumer's own writes through the same
 * backend and rolls back with them. That is what lets a consumer get exactly-once effects on the
 * database that holds its checkpoint. Elsewhere each save commits on its own.
 *
 * <p>Consumer names are 1 to {@value CheckpointNames#MAX_LENGTH} characters and not blank; any
 * other name is a {@link dev.operon.error.ErrorKind#VALIDATION} error naming the field.
 */
public interface Checkpoints extends AutoCloseable {

  /** The saved position of {@code consumer}, 0 if it has none (0 reads the log from its start). */
  long position(String consumer);

  /**
   * Moves the position of {@code consumer} forward to {@code position}; a position at or below the
   * saved one changes nothing.
   *
   * @throws dev.operon.error.OperonException of kind VALIDATION if the consumer name is invalid or
   *     the position negative; nothing is saved
   */
  void save(String consumer, long position);

  /** Releases connections and threads. */
  @Override
  default void close() {}
}
