package dev.operon.saga.internal.history;

import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wakes the callers waiting in this engine for a saga's end as soon as this engine's workers
 * record it, and, through a {@link ChangeNotifier}, those waiting in other engines: each end is
 * announced on {@link #CHANNEL}, and an announcement wakes every waiter here to read its saga
 * again. Waiters still re-read the history after a bounded wait, so a missed signal costs
 * latency, never a result.
 */
public final class SagaEndSignals {
  /** The channel on which engines announce that a saga has ended. */
  static final String CHANNEL = "operon.saga.ended";

  private final ConcurrentHashMap<String, CompletableFuture<SagaHistory>> waiting = new ConcurrentHashMap<>();
  private volatile ChangeNotifier notifier;
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration PUSHED_POLL = Duration.ofSeconds(1);

  private static final Duration MAX_POLL = Duration.ofMillis(320);

  /**
   * How long a waiter waits before its first read of its saga again when no end wakes it: 20 ms,
   * or a second when ends are announced by a notifier that pushes them to every engine (the reads
   * are then only the fallback for a lost announcement).
   */
  public Duration pollInterval() {
    ChangeNotifier current = notifier;
    return current != null && current.pushesWakeUps() ? PUSHED_POLL : POLL;
  }

  /**
   * The wait before the read after one that waited {@code last}: twice as long, up to 320 ms (or
   * {@link #pollInterval()} if longer), so a long saga ending on an engine that announces nothing
   * here costs a few reads, not one every 20 ms.
   */
  public Duration nextPoll(Duration last) {
    Duration longest = pollInterval().compareTo(MAX_POLL) > 0 ? pollInterval() : MAX_POLL;
    Duration doubled = last.multipliedBy(2);
    return doubled.compareTo(longest) > 0 ? longest : doubled;
  }

  /** Announces ends on {@code value} and wakes the waiters here on others' announcements; closing the result stops both. */
  Subscription announceOn(ChangeNotifier value) {
    Subscription heard = value.subscribe(CHANNEL, this::wakeAll);
    notifier = value;
    return () -> {
      notifier = null;
      heard.close();
    };
  }

  /** Registers interest in {@code sagaId}'s end; call before reading the history, then {@link #await}. */
  public CompletableFuture<SagaHistory> watch(String sagaId) {
    return waiting.computeIfAbsent(sagaId, id -> new CompletableFuture<>());
  }

  /** Whether someone waits for {@code sagaId}'s end. */
  boolean watched(String sagaId) {
    return waiting.containsKey(sagaId);
  }

  /** Wakes the waiters of the saga that {@code history} ends, handing them that history, and announces the end. */
  void ended(SagaHistory history) {
    CompletableFuture<SagaHistory> signal = waiting.remove(history.sagaId());
    if (signal != null) {
      signal.complete(history);
    }
    ChangeNotifier announce = notifier;
    if (announce != null) {
      announce.notify(CHANNEL);
    }
  }

  /** Wakes every waiter here to read its saga again (some engine has ended a saga). */
  void wakeAll() {
    waiting.forEach((sagaId, signal) -> {
      if (waiting.remove(sagaId, signal)) {
        signal.complete(null);
      }
    });
  }

  /** Stops watching {@code sagaId} through {@code signal} (it has ended, or the waiter gave up). */
  public void unwatch(String sagaId, CompletableFuture<SagaHistory> signal) {
    waiting.remove(sagaId, signal);
  }

  /** Waits up to {@code max} for {@code signal}; returns the ended history, or null if none came. */
  public static SagaHistory await(CompletableFuture<SagaHistory> signal, Duration max) throws InterruptedException {
    try {
      return signal.get(max.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    }
  }
}
