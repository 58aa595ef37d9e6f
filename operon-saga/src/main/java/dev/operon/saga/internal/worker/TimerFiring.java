package dev.operon.saga.internal.worker;

import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.observe.SagaContextScope;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerClaim;
import dev.operon.timer.TimerStore;
import dev.operon.timer.TimerType;
import dev.operon.tracking.CorrelationContext;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due saga timers: claims them on the {@link TimerStore} (so that several schedulers never
 * fire one twice), appends TimerFired with the expected last id (never bypassing the check), and
 * wakes the saga. It marks a timer fired or failed under the claim it took: if that claim expired
 * meanwhile and another scheduler claimed the timer, the mark changes nothing and the timer is
 * left to that scheduler (every firing is idempotent).
 */
public final class TimerFiring {
  private static final Logger LOG = LoggerFactory.getLogger(TimerFiring.class);

  private final SagaRuntime runtime;
  private final String schedulerId;
  private final EventFactory events;

  private final ActivityTaskProcessor activities;
  private final Consumer<Timer> scheduled;

  public TimerFiring(SagaRuntime runtime, String schedulerId, ActivityTaskProcessor activities) {
    this(runtime, schedulerId, activities, timer -> LOG.warn("No scheduler for SCHEDULED timer {}", timer.id()));
  }

  /** Fires saga timers, and hands SCHEDULED timers (cron schedules) to {@code scheduled}. */
  public TimerFiring(SagaRuntime runtime, String schedulerId, ActivityTaskProcessor activities,
      Consumer<Timer> scheduled) {
    this.runtime = runtime;
    this.scheduled = scheduled;
    this.activities = activities;
    this.schedulerId = schedulerId;
    this.events = runtime.events();
  }

  /** Fires up to {@code limit} timers due by the engine's clock; returns how many it handled. */
  public int fireDue(int limit) {
    List<Timer> due = runtime.timers().claimDue(schedulerId, runtime.clock().instant(), limit);
    for (Timer timer : due) {
      TimerClaim claim = timer.claim();
      try {
        if (fire(timer, true) && !runtime.timers().markFired(claim)) {
          claimLost(claim);
        }
      } catch (RuntimeException e) {
        LOG.warn("Timer {} of saga {} could not fire: {}", timer.id(), timer.owner(), e.toString());
        if (!runtime.timers().markFailed(claim, String.valueOf(e.getMessage()))) {
          claimLost(claim);
        }
      }
    }
    return due.size();
  }

  private static void claimLost(TimerClaim claim) {
    LOG.debug("Timer {}: the claim of {} (attempt {}) expired and another claim holds it now; left to that one",
        claim.timerId(), claim.schedulerId(), claim.attempt());
  }

  /**
   * Does what timer {@code timer} is for without claiming it (the watchdog re-driving a saga whose
   * timer is overdue: its claim holder died, or its firing failed). Every firing is idempotent, so
   * a scheduler that fires it as well changes nothing more.
   */
  public void fireUnclaimed(Timer timer) {
    fire(timer, false);
  }

  /** Does what {@code timer} is for; false if it was given back to fire later (a lease renewed here). */
  private boolean fire(Timer timer, boolean claimed) {
    if (timer.type() == TimerType.ACTIVITY_TIMEOUT) {
      return activities.timeOut(timer, claimed);
    }
    if (timer.type() == TimerType.SCHEDULED) {
      scheduled.accept(timer);
      return true;
    }
    if (timer.type() == TimerType.RETRY_BACKOFF) {
      activities.retryDue(SagaRuntime.decode(timer.payload(), ActivityTaskMessage.class));
      return true;
    }
    if (timer.type() == TimerType.WORKFLOW_TIMEOUT) {
      appendIfLive(timer, h -> !h.timedOut(), () -> events.timedOut(timer.owner()));
      return true;
    }
    appendIfLive(timer, h -> h.timerEvent(EventType.TIMER_CREATED, timer.id()).isPresent()
            && h.timerEvent(EventType.TIMER_FIRED, timer.id()).isEmpty()
            && h.timerEvent(EventType.TIMER_CANCELED, timer.id()).isEmpty(),
        () -> events.timer(timer.owner(), EventType.TIMER_FIRED, timer.id()));
    return true;
  }

  /**
   * Appends the event {@code event} makes (in the saga's context, so it carries the saga's trace) to
   * the timer's saga while it is unfinished and {@code wanted} holds, then wakes it.
   */
  private void appendIfLive(Timer timer, Predicate<SagaHistory> wanted, Supplier<HistoryEvent> event) {
    runtime.appendRetrying(timer.owner(), "firing timer " + timer.id(), () -> {
      SagaHistory history = runtime.histories().load(timer.owner());
      if (!history.exists() || history.terminal() || !wanted.test(history)) {
        return null;
      }
      try (CorrelationContext.Scope saga = SagaContextScope.of(history)) {
        long last = runtime.histories().append(history, List.of(event.get()));
        runtime.wake(timer.owner(), last);
      }
      return null;
    });
  }
}
