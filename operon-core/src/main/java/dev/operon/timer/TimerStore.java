package dev.operon.timer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable timers. Many schedulers may claim due timers at once; each due timer is claimed by one
 * of them only. A scheduler that dies after claiming leaves its timers in
 * {@link TimerStatus#PROCESSING}; once their claim is older than the store's claim timeout they
 * are claimable again. Implementations are thread-safe.
 *
 * <p><b>Claims fence.</b> {@link #markFired}, {@link #markFailed} and {@link #release} take the
 * {@link TimerClaim} of the claim they finish ({@link Timer#claim()} of a timer {@link #claimDue}
 * returned), and change the timer only while that claim holds: the timer is PROCESSING, claimed by
 * the same scheduler in the same attempt. A scheduler whose claim expired while it worked may find
 * the timer claimed again by another scheduler (or by itself, in a later attempt), already fired,
 * failed or released: the call then returns false and changes nothing, and the timer is left to
 * whoever holds it now. A claim that does not hold is not an error; these calls never throw for it.
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
   *
   * @return true if it did; false, changing nothing, if {@code claim} no longer holds
   */
  boolean release(TimerClaim claim, Instant fireAt);

  /**
   * Marks a claimed timer fired.
   *
   * @return true if it did; false, changing nothing, if {@code claim} no longer holds
   */
  boolean markFired(TimerClaim claim);

  /**
   * Marks a claimed timer failed with a reason.
   *
   * @return true if it did; false, changing nothing, if {@code claim} no longer holds
   */
  boolean markFailed(TimerClaim claim, String reason);

  Optional<Timer> get(String timerId);

  /** All timers of {@code owner}, in fireAt order. */
  List<Timer> listByOwner(String owner);

  /** The earliest fireAt among pending timers, to know how long a scheduler may sleep. */
  Optional<Instant> nextDue();

  @Override
  default void close() {}
}
