package dev.operon.saga.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wakes the callers waiting in this engine for a saga's end as soon as this engine's workers
 * record it. Other engines' appends are not seen here: waiters still re-read the history after
 * their wait, so a missed signal costs latency, never a result.
 */
final class SagaEndSignals {
  private final ConcurrentHashMap<String, CompletableFuture<SagaHistory>> waiting = new ConcurrentHashMap<>();

  /** Registers interest in {@code sagaId}'s end; call before reading the history, then {@link #await}. */
  CompletableFuture<SagaHistory> watch(String sagaId) {
    return waiting.computeIfAbsent(sagaId, id -> new CompletableFuture<>());
  }

  /** Whether someone waits for {@code sagaId}'s end. */
  boolean watched(String sagaId) {
    return waiting.containsKey(sagaId);
  }

  /** Wakes the waiters of the saga that {@code history} ends, handing them that history. */
  void ended(SagaHistory history) {
    CompletableFuture<SagaHistory> signal = waiting.remove(history.sagaId());
    if (signal != null) {
      signal.complete(history);
    }
  }

  /** Stops watching {@code sagaId} through {@code signal} (it has ended, or the waiter gave up). */
  void unwatch(String sagaId, CompletableFuture<SagaHistory> signal) {
    waiting.remove(sagaId, signal);
  }

  /** Waits up to {@code max} for {@code signal}; returns the ended history, or null if none came. */
  static SagaHistory await(CompletableFuture<SagaHistory> signal, Duration max) throws InterruptedException {
    try {
      return signal.get(max.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    }
  }
}
