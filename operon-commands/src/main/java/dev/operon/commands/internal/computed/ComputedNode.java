package dev.operon.commands.internal.computed;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * One computed value: being computed (by one thread, others wait), valid, or invalid (never valid
 * again). Knows the values computed from it, to invalidate them with it.
 */
final class ComputedNode {
  static final int COMPUTING = 0;
  static final int VALID = 1;
  static final int INVALID = 2;

  final Object key;
  final Thread computer = Thread.currentThread();
  final Set<ComputedNode> dependants = ConcurrentHashMap.newKeySet();
  private final CountDownLatch done = new CountDownLatch(1);
  volatile int state = COMPUTING;
  private volatile Object value;
  private volatile Throwable error;

  ComputedNode(Object key) {
    this.key = key;
  }

  Object value() {
    return value;
  }

  /** Ends the computation with {@code result}; false if the node was invalidated meanwhile (not valid then). */
  synchronized boolean finish(Object result) {
    value = result;
    boolean valid = state == COMPUTING;
    if (valid) {
      state = VALID;
    }
    done.countDown();
    return valid;
  }

  /** Ends the computation with {@code failure}, which the waiting callers get too. */
  synchronized void fail(Throwable failure) {
    error = failure;
    state = INVALID;
    done.countDown();
  }

  /** Makes the node invalid; false if it was already. */
  synchronized boolean invalidate() {
    if (state == INVALID) {
      return false;
    }
    state = INVALID;
    return true;
  }

  /** Waits for the computation and returns its result (or throws its failure). */
  Object await() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable failure = error;
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error fatal) {
      throw fatal;
    }
    return value;
  }
}
