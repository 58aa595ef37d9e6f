package dev.operon.commands.internal.computed;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One computed value, kept in the store for as long as its key is: computing (one thread, the
 * others wait), valid, or invalid until the next caller computes it again. Each computation has a
 * generation; invalidating starts a new one, so a computation that was running when its value was
 * invalidated finishes without making the value valid. The node stays in the store across
 * invalidations, so invalidating and computing again write nothing to the bounded map.
 */
final class ComputedNode {
  static final int COMPUTING = 0;
  static final int VALID = 1;
  static final int INVALID = 2;

  final Object key;
  volatile int state = COMPUTING;
  private volatile Thread computer = Thread.currentThread();
  private volatile Set<ComputedNode> dependants;
  private long generation;
  private long finishedGeneration = -1;
  private volatile Object value;
  private Throwable error;

  ComputedNode(Object key) {
    this.key = key;
  }

  Object value() {
    return value;
  }

  /** Whether the calling thread is computing this value now. */
  boolean computedByCaller() {
    return state == COMPUTING && computer == Thread.currentThread();
  }

  /** Records that {@code dependant} was computed from this value. */
  void addDependant(ComputedNode dependant) {
    Set<ComputedNode> set = dependants;
    if (set == null) {
      synchronized (this) {
        set = dependants;
        if (set == null) {
          set = ConcurrentHashMap.newKeySet();
          dependants = set;
        }
      }
    }
    set.add(dependant);
  }

  /** The values computed from this one, emptied (they are being invalidated with it). */
  Set<ComputedNode> takeDependants() {
    Set<ComputedNode> set = dependants;
    if (set == null || set.isEmpty()) {
      return Set.of();
    }
    Set<ComputedNode> taken = Set.copyOf(set);
    set.removeAll(taken);
    return taken;
  }

  /** The generation of the computation the calling thread starts, or -1 if the value is not invalid. */
  synchronized long startComputing() {
    if (state != INVALID) {
      return -1;
    }
    state = COMPUTING;
    computer = Thread.currentThread();
    error = null;
    return generation;
  }

  /** The generation of the computation running now (for a caller that will wait for it). */
  synchronized long runningGeneration() {
    return generation;
  }

  /**
   * Ends computation {@code ofGeneration} with {@code result}; false if the value was invalidated
   * meanwhile (then it stays invalid).
   */
  synchronized boolean finish(Object result, long ofGeneration) {
    finishedGeneration = Math.max(finishedGeneration, ofGeneration);
    value = result;
    boolean valid = generation == ofGeneration && state == COMPUTING;
    if (valid) {
      state = VALID;
    }
    notifyAll();
    return valid;
  }

  /** Ends computation {@code ofGeneration} with {@code failure}, which its waiting callers get too. */
  synchronized void fail(Throwable failure, long ofGeneration) {
    finishedGeneration = Math.max(finishedGeneration, ofGeneration);
    error = failure;
    if (generation == ofGeneration) {
      state = INVALID;
      generation++;
    }
    notifyAll();
  }

  /** Makes the value invalid (a running computation will not make it valid); false if it was already. */
  synchronized boolean invalidate() {
    if (state == INVALID) {
      return false;
    }
    state = INVALID;
    generation++;
    return true;
  }

  /** Waits for computation {@code ofGeneration} and returns its result (or throws its failure). */
  Object await(long ofGeneration) {
    boolean interrupted = false;
    Object result;
    Throwable failure;
    synchronized (this) {
      while (finishedGeneration < ofGeneration) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      result = value;
      failure = error;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error fatal) {
      throw fatal;
    }
    return result;
  }
}
