package dev.operon.timer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable timers. Many schedulers may claim due timers at once; each due timer is claimed by one
 * of them only. A scheduler that dies after claiming leaves its timers in
 * {@link TimerStatus#PROCESSING}; once their claim is older than the store's claim timeout they
 * are claimable again. Implementations are thread-safe.
 */
public interface TimerStore extends AutoCloseable {

  /** Creates a pending timer; creating an existing id returns the stored timer unchanged. */
  Timer create(NewTimer timer);

  /** Cancels a pending timer. Returns false (and changes nothing) unless it was PENDING. */
  boolean cancel(String timerId);

  /**
   * Atomically claims up to {@code limit} timers due at {@code now} (PENDING with fireAt <= now,
   * or PROCESSING with a claim older than the claim timeout) for {@code schedulerId}, in fireAt
   * order, moving them to PROCESSING. {@code now} is both the due-time bound and the recorded claim
   * time; callers pass their clock's time.
   */
  List<Timer> claimDue(String schedulerId, Instant now, int limit);

  /**
   * Moves a pending timer's fire time to {@code fireAt}, earlier or later (a lease taken or renewed,
   * a deadline pushed back), if it is due at {@code expectedFireAt} (null: whenever it is due).
   * Returns false, and changes nothing, unless the timer is PENDING and due at the expected time: a
   * timer a scheduler has claimed is being fired, one that fired, failed or was cancelled is done,
   * and one due at another time was moved by someone else.
   */
  boolean reschedule(String timerId, Instant expectedFireAt, Instant fireAt);

  /**
   * Gives a claimed timer back without firing it: it becomes PENDING again at {@code fireAt} (the
   * scheduler that claimed it found it is not due yet, e.g. a lease still held in its own process).
   * Throws if it is not PROCESSING.
   */
  void release(String timerId, Instant fireAt);

  /** Marks a claimed timer fired. Throws if it is not PROCESSING. */
  void markFired(String timerId);

  /** Marks a claimed timer failed with a reason. Throws if it is not PROCESSING. */
  void markFailed(String timerId, String reason);

  Optional<Timer> get(String timerId);

  /** All timers of {@code owner}, in fireAt order. */
  List<Timer> listByOwner(String owner);

  /** The earliest fireAt among pending timers, to know how long a scheduler may sleep. */
  Optional<Instant> nextDue();

  @Override
  default void close() {}
}
