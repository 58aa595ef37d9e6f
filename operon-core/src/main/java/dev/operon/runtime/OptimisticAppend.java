package dev.operon.runtime;

import dev.operon.error.ConflictException;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load, decide, append with the expected last id, and again on a {@link ConflictException}: the
 * way every writer of a stream that others may write too records a decision. Each try must load
 * the stream afresh and decide on what it loaded; a conflict means another writer appended first
 * and nothing of this try was written. After {@link #tries()} conflicts in a row it gives up with
 * one {@link ErrorKind#CONCURRENCY} error that names the stream and the tries.
 */
public final class OptimisticAppend {
  /** Tries before giving up: far more than writers that race for one stream in practice. */
  public static final int DEFAULT_TRIES = 50;

  private static final Logger LOG = LoggerFactory.getLogger(OptimisticAppend.class);
  private static final OptimisticAppend DEFAULT = new OptimisticAppend(DEFAULT_TRIES);

  private final int tries;

  private OptimisticAppend(int tries) {
    this.tries = tries;
  }

  /** Up to {@link #DEFAULT_TRIES} tries. */
  public static OptimisticAppend withDefaultTries() {
    return DEFAULT;
  }

  /** Up to {@code tries} tries (at least 1). */
  public static OptimisticAppend withTries(int tries) {
    if (tries < 1) {
      throw OperonException.invalid("tries must be at least 1, was " + tries);
    }
    return new OptimisticAppend(tries);
  }

  /** How many tries before giving up. */
  public int tries() {
    return tries;
  }

  /**
   * Runs {@code attempt} until it returns without a {@link ConflictException}; returns what it
   * returned. Any other failure ends the retries and reaches the caller as it was.
   *
   * @param stream the stream the attempt appends to, named in the error
   * @param what what the attempt records ("firing timer t-1"), named in the log and the error
   */
  public <T> T run(String stream, String what, Supplier<T> attempt) {
    return run(stream, what, Map.of(), attempt);
  }

  /** As {@link #run(String, String, Supplier)}; the give-up error also carries {@code ids}. */
  public <T> T run(String stream, String what, Map<String, String> ids, Supplier<T> attempt) {
    Objects.requireNonNull(attempt, "attempt");
    ConflictException last = null;
    for (int i = 1; i <= tries; i++) {
      try {
        return attempt.get();
      } catch (ConflictException e) {
        last = e;
        LOG.debug("Stream '{}': another writer appended first while {} (try {} of {}), trying again",
            stream, what, i, tries);
      }
    }
    OperonException.Builder error = OperonException.of(ErrorKind.CONCURRENCY, "Gave up " + what
            + " on stream '" + stream + "' after " + tries + " tries: another writer appended first each"
            + " time; nothing of this was written, try again later")
        .id(OperonException.Ids.STREAM, stream).cause(last);
    ids.forEach(error::id);
    throw error.build();
  }
}
