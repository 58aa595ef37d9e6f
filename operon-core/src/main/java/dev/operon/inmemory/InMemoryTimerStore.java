package dev.operon.inmemory;

import dev.operon.error.OperonException;
import dev.operon.spi.BackendOptions;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerClaim;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A {@link TimerStore} in memory. One lock makes every claim atomic; a claim older than the
 * claim timeout (by the {@code now} a scheduler passes) is released and claimed again, and a
 * {@link TimerClaim} that no longer holds finishes nothing.
 */
public final class InMemoryTimerStore implements TimerStore {
  private static final Comparator<Timer> BY_FIRE_AT =
      Comparator.comparing(Timer::fireAt).thenComparing(Timer::id);
  private static final Comparator<Timer> BY_CLAIMED_AT =
      Comparator.comparing(Timer::claimedAt).thenComparing(Timer::id);

  private final Clock clock;
  private final Duration claimTimeout;
  private final Map<String, Timer> timers = new HashMap<>();
  private final NavigableSet<Timer> pending = new TreeSet<>(BY_FIRE_AT);
  private final NavigableSet<Timer> processing = new TreeSet<>(BY_CLAIMED_AT);

  /** A store on {@code options}' clock with {@code options.timerClaimTimeout()}. */
  public InMemoryTimerStore(BackendOptions options) {
    this.clock = options.clock();
    this.claimTimeout = options.timerClaimTimeout();
  }

  @Override
  public synchronized Timer create(NewTimer timer) {
    Objects.requireNonNull(timer, "timer");
    Timer existing = timers.get(timer.id());
    if (existing != null) {
      return copyOf(existing);
    }
    Timer created = new Timer(timer.id(), timer.owner(), timer.type(), timer.fireAt(),
        timer.payload().clone(), TimerStatus.PENDING, null, null, 0, clock.instant(), null);
    put(created);
    return copyOf(created);
  }

  @Override
  public synchronized boolean cancel(String timerId) {
    Timer timer = timers.get(timerId);
    if (timer == null || !timer.status().canMoveTo(TimerStatus.CANCELLED)) {
      return false;
    }
    put(withStatus(timer, TimerStatus.CANCELLED, timer.claimedBy(), timer.claimedAt(), null));
    return true;
  }

  @Override
  public synchronized List<Timer> claimDue(String schedulerId, Instant now, int limit) {
    if (schedulerId == null || schedulerId.isBlank()) {
      throw OperonException.invalid("schedulerId must not be blank, was '" + schedulerId + "'");
    }
    Objects.requireNonNull(now, "now");
    if (limit < 1) {
      throw OperonException.invalid("claim limit must be >= 1, was " + limit);
    }
    List<Timer> due = new ArrayList<>();
    for (Timer timer : pending) {
      if (timer.fireAt().isAfter(now) || due.size() == limit) {
        break;
      }
      due.add(timer);
    }
    Instant expiredBefore = now.minus(claimTimeout);
    for (Timer timer : processing) {
      if (timer.claimedAt().isAfter(expiredBefore) || due.size() == 2 * limit) {
        break;
      }
      due.add(timer);
    }
    due.sort(BY_FIRE_AT);
    return due.stream().limit(limit).map(t -> claim(t, schedulerId, now)).toList();
  }

  /** Stores {@code timer}, keeping the pending and processing indexes in step with its status. */
  private void put(Timer timer) {
    Timer old = timers.put(timer.id(), timer);
    if (old != null) {
      indexOf(old.status()).ifPresent(index -> index.remove(old));
    }
    indexOf(timer.status()).ifPresent(index -> index.add(timer));
  }

  private Optional<NavigableSet<Timer>> indexOf(TimerStatus status) {
    return switch (status) {
      case PENDING -> Optional.of(pending);
      case PROCESSING -> Optional.of(processing);
      default -> Optional.empty();
    };
  }

  private Timer claim(Timer timer, String schedulerId, Instant now) {
    Timer pending = timer;
    if (timer.status() == TimerStatus.PROCESSING) {
      timer.status().requireMoveTo(TimerStatus.PENDING, timer.id());
      pending = withStatus(timer, TimerStatus.PENDING, null, null, null);
    }
    pending.status().requireMoveTo(TimerStatus.PROCESSING, timer.id());
    Timer claimed = new Timer(timer.id(), timer.owner(), timer.type(), timer.fireAt(), timer.payload(),
        TimerStatus.PROCESSING, schedulerId, now, timer.attempts() + 1, timer.createdAt(), null);
    put(claimed);
    return copyOf(claimed);
  }

  @Override
  public synchronized boolean reschedule(String timerId, Instant expectedFireAt, Instant fireAt) {
    Objects.requireNonNull(fireAt, "fireAt");
    Timer timer = timers.get(timerId);
    if (timer == null || timer.status() != TimerStatus.PENDING
        || expectedFireAt != null && !expectedFireAt.equals(timer.fireAt())) {
      return false;
    }
    put(withFireAt(timer, fireAt, TimerStatus.PENDING));
    return true;
  }

  @Override
  public synchronized boolean release(TimerClaim claim, Instant fireAt) {
    Objects.requireNonNull(fireAt, "fireAt");
    Timer timer = held(claim);
    if (timer == null) {
      return false;
    }
    timer.status().requireMoveTo(TimerStatus.PENDING, timer.id());
    put(withFireAt(timer, fireAt, TimerStatus.PENDING));
    return true;
  }

  private static Timer withFireAt(Timer t, Instant fireAt, TimerStatus status) {
    return new Timer(t.id(), t.owner(), t.type(), fireAt, t.payload(), status, null, null, t.attempts(),
        t.createdAt(), null);
  }

  @Override
  public synchronized boolean markFired(TimerClaim claim) {
    return finish(claim, TimerStatus.FIRED, null);
  }

  @Override
  public synchronized boolean markFailed(TimerClaim claim, String reason) {
    return finish(claim, TimerStatus.FAILED, reason);
  }

  private boolean finish(TimerClaim claim, TimerStatus to, String error) {
    Timer timer = held(claim);
    if (timer == null) {
      return false;
    }
    timer.status().requireMoveTo(to, timer.id());
    put(withStatus(timer, to, timer.claimedBy(), timer.claimedAt(), error));
    return true;
  }

  /** The timer {@code claim} holds, or null if it holds none any more. */
  private Timer held(TimerClaim claim) {
    Objects.requireNonNull(claim, "claim");
    Timer timer = timers.get(claim.timerId());
    return claim.holds(timer) ? timer : null;
  }

  @Override
  public synchronized Optional<Timer> get(String timerId) {
    return Optional.ofNullable(timers.get(timerId)).map(InMemoryTimerStore::copyOf);
  }

  @Override
  public synchronized List<Timer> listByOwner(String owner) {
    return timers.values().stream()
        .filter(t -> t.owner().equals(owner))
        .sorted(BY_FIRE_AT)
        .map(InMemoryTimerStore::copyOf)
        .toList();
  }

  @Override
  public synchronized Optional<Instant> nextDue() {
    return pending.isEmpty() ? Optional.empty() : Optional.of(pending.first().fireAt());
  }

  private static Timer withStatus(Timer t, TimerStatus status, String claimedBy, Instant claimedAt, String error) {
    return new Timer(t.id(), t.owner(), t.type(), t.fireAt(), t.payload(), status, claimedBy, claimedAt,
        t.attempts(), t.createdAt(), error);
  }

  private static Timer copyOf(Timer t) {
    return new Timer(t.id(), t.owner(), t.type(), t.fireAt(), t.payload().clone(), t.status(), t.claimedBy(),
        t.claimedAt(), t.attempts(), t.createdAt(), t.error());
  }
}
