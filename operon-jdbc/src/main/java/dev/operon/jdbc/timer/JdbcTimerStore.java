package dev.operon.jdbc.timer;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.internal.DatabaseContext;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Transactions;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerClaim;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable timers on SQLite or PostgreSQL. Claims are one atomic statement (see {@link TimerTable});
 * a timer claimed longer ago than the claim timeout is claimable again. Firing, failing and
 * releasing a timer are fenced by its {@link TimerClaim}: the statement changes the row only while
 * that claim holds, and reports false otherwise.
 */
public final class JdbcTimerStore implements TimerStore {
  private static final ErrorKind KIND = ErrorKind.TIMER_STORE;

  private final Transactions transactions;
  private final TimerTable timers;
  private final Clock clock;
  private final Duration claimTimeout;

  public JdbcTimerStore(DatabaseContext context) {
    this.transactions = context.transactions();
    this.timers = new TimerTable(context.tables(), context.transactions().statements(), context.dialect());
    this.clock = context.options().clock();
    this.claimTimeout = context.options().timerClaimTimeout();
  }

  @Override
  public Timer create(NewTimer timer) {
    Objects.requireNonNull(timer, "timer");
    Instant now = clock.instant();
    return transactions.write(KIND, c -> {
      timers.insert(c, timer, now);
      return timers.get(c, timer.id()).orElseThrow();
    });
  }

  @Override
  public boolean cancel(String timerId) {
    requireId(timerId);
    return transactions.writeStatement(KIND,
        c -> timers.move(c, timerId, TimerStatus.PENDING, TimerStatus.CANCELLED, null));
  }

  @Override
  public List<Timer> claimDue(String schedulerId, Instant now, int limit) {
    requireId(schedulerId);
    Objects.requireNonNull(now, "now");
    if (limit < 1) {
      throw OperonException.invalid("limit must be >= 1, was " + limit);
    }
    long nowNanos = EpochNanos.of(now);
    long claimedBefore = nowNanos - claimTimeout.toNanos();
    return transactions.writeStatement(KIND, c -> timers.claim(c, schedulerId, nowNanos, claimedBefore, limit));
  }

  @Override
  public boolean reschedule(String timerId, Instant expectedFireAt, Instant fireAt) {
    requireId(timerId);
    Objects.requireNonNull(fireAt, "fireAt");
    long fireAtNanos = EpochNanos.of(fireAt);
    Long expected = expectedFireAt == null ? null : EpochNanos.of(expectedFireAt);
    return transactions.writeStatement(KIND, c -> timers.reschedule(c, timerId, expected, fireAtNanos));
  }

  @Override
  public boolean release(TimerClaim claim, Instant fireAt) {
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(fireAt, "fireAt");
    long fireAtNanos = EpochNanos.of(fireAt);
    return transactions.writeStatement(KIND, c -> timers.release(c, claim, fireAtNanos));
  }

  @Override
  public boolean markFired(TimerClaim claim) {
    return finish(claim, TimerStatus.FIRED, null);
  }

  @Override
  public boolean markFailed(TimerClaim claim, String reason) {
    return finish(claim, TimerStatus.FAILED, reason == null ? "failed" : reason);
  }

  private boolean finish(TimerClaim claim, TimerStatus to, String error) {
    Objects.requireNonNull(claim, "claim");
    return transactions.writeStatement(KIND, c -> timers.finish(c, claim, to, error));
  }

  @Override
  public Optional<Timer> get(String timerId) {
    requireId(timerId);
    return transactions.read(KIND, c -> timers.get(c, timerId));
  }

  @Override
  public List<Timer> listByOwner(String owner) {
    requireId(owner);
    return transactions.read(KIND, c -> timers.byOwner(c, owner));
  }

  @Override
  public Optional<Instant> nextDue() {
    return transactions.read(KIND, timers::nextDue);
  }

  private static void requireId(String value) {
    if (value == null || value.isBlank()) {
      throw OperonException.invalid("A timer id, owner or scheduler id must not be blank, was '" + value + "'");
    }
  }
}
