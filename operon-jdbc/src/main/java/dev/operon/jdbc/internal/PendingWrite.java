package dev.operon.jdbc.internal;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One caller's write handed to a {@link GroupCommitter}: the batch writer stages its outcome (a
 * result or the caller's own exception), and the caller gets it only once the batch committed.
 */
public abstract class PendingWrite<T> {
  private final CompletableFuture<T> done = new CompletableFuture<>();
  private T result;
  private RuntimeException failure;

  /** Stages the result this caller gets when the batch commits. */
  public void succeed(T value) {
    this.result = value;
    this.failure = null;
  }

  /** Stages the exception this caller gets (its own conflict, say); the batch still commits. */
  public void fail(RuntimeException error) {
    this.failure = error;
    this.result = null;
  }

  /** Hands the staged outcome to the waiting caller. */
  void publish() {
    if (failure != null) {
      done.completeExceptionally(failure);
    } else {
      done.complete(result);
    }
  }

  /** Fails the caller at once: its batch did not commit. */
  void abort(RuntimeException error) {
    done.completeExceptionally(error);
  }

  /** The key that may appear once per batch (a stream), or null. */
  protected Object batchKey() {
    return null;
  }

  /** Waits for the outcome; rethrows the caller's own exception. */
  public T await(ErrorKind kind) {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OperonException.of(kind, "Interrupted while waiting for a group commit; the write may"
          + " or may not have committed, read it back to know").cause(e).retryable(false).build();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw OperonException.of(kind, "Group commit failed: " + e.getCause()).cause(e.getCause()).build();
    }
  }
}
