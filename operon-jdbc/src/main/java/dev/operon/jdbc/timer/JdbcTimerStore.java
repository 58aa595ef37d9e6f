package dev.operon.jdbc.timer;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.internal.DatabaseContext;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Transactions;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
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
 * a timer claimed longer ago than the claim timeout is claimable again. Status changes follow
 * {@link TimerStatus}'s transition table: a change from the wrong status throws, naming both.
 */
public final class JdbcTimerStore implements TimerStore {
  private static final ErrorKind KIND = ErrorKind.TIMER_STORE;

  private final Transactions transactions;
  private final TimerTable timers;
  private final Clock clock;
  private final Duration claimTimeout;

  public JdbcTimerStore(DatabaseContext context) {
    this.transactions = context.transactions();
    this.timers = new TimerTable(context.tables(), context.dialect());
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
    return transactions.writeStatement(KIND, c -> timers.reschedule(c, timerId, TimerStatus.PENDING, expected,
        fireAtNanos));
  }

  @Override
  public void release(String timerId, Instant fireAt) {
    requireId(timerId);
    Objects.requireNonNull(fireAt, "fireAt");
    long fireAtNanos = EpochNanos.of(fireAt);
    boolean moved = transactions.write(KIND, c -> {
      if (timers.reschedule(c, timerId, TimerStatus.PROCESSING, null, fireAtNanos)) {
        return true;
      }
      requireMovable(c, timerId, TimerStatus.PENDING);
      return false;
    });
    if (!moved) {
      throw OperonException.of(KIND, "Timer " + timerId + " changed while being released")
          .id(OperonException.Ids.TIMER, timerId).build();
    }
  }

  @Override
  public void markFired(String timerId) {
    finish(timerId, TimerStatus.FIRED, null);
  }

  @Override
  public void markFailed(String timerId, String reason) {
    finish(timerId, TimerStatus.FAILED, reason == null ? "failed" : reason);
  }

  private void finish(String timerId, TimerStatus to, String error) {
    requireId(timerId);
    boolean moved = transactions.write(KIND, c -> {
      if (timers.move(c, timerId, TimerStatus.PROCESSING, to, error)) {
        return true;
      }
      requireMovable(c, timerId, to);
      return false;
    });
    if (!moved) {
      throw OperonException.of(KIND, "Timer " + timerId + " changed while being marked " + to)
          .id(OperonException.Ids.TIMER, timerId).build();
    }
  }

  /** Throws, naming both statuses, unless timer {@code timerId} exists and may move to {@code to}. */
  private void requireMovable(java.sql.Connection c, String timerId, TimerStatus to) throws java.sql.SQLException {
    Timer current = timers.get(c, timerId).orElseThrow(() -> OperonException.of(KIND,
            "Timer " + timerId + " does not exist; it cannot move to " + to)
        .id(OperonException.Ids.TIMER, timerId).retryable(false).build());
    current.status().requireMoveTo(to, timerId);
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
