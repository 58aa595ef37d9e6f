package dev.operon.jdbc.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process wake-ups for fetchers: a publish in this JVM wakes the fetchers of its queue at once
 * instead of letting them finish their poll back-off. Fetchers still poll, so publishes from other
 * processes are seen too, only later.
 */
public final class QueueSignals {
  private final ConcurrentMap<String, Signal> byQueue = new ConcurrentHashMap<>();

  /** Wakes the fetchers of {@code queue}. */
  public void signal(String queue) {
    Signal signal = byQueue.get(queue);
    if (signal != null) {
      signal.fire();
    }
  }

  /** The number of signals of {@code queue} so far, to wait for the next one with {@link #await}. */
  public long generation(String queue) {
    return signalOf(queue).generation;
  }

  /** Waits up to {@code nanos} for a signal of {@code queue} after {@code generation}. */
  public void await(String queue, long generation, long nanos) throws InterruptedException {
    signalOf(queue).await(generation, nanos);
  }

  private Signal signalOf(String queue) {
    return byQueue.computeIfAbsent(queue, q -> new Signal());
  }

  private static final class Signal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition fired = lock.newCondition();
    private volatile long generation;

    void fire() {
      lock.lock();
      try {
        generation++;
        fired.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void await(long seen, long nanos) throws InterruptedException {
      lock.lock();
      try {
        long left = nanos;
        while (generation == seen && left > 0) {
          left = fired.awaitNanos(left);
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
