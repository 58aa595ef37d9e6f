package dev.operon.saga.internal.worker;

import dev.operon.saga.internal.SagaRuntime;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases on running activity attempts. An attempt's timeout timer is its lease. While the attempt
 * waits in the queue the timer is due at its deadline; the worker that runs it moves the timer to
 * one lease ahead (never past the deadline) with a compare-and-set on that deadline, so of two
 * deliveries of one attempt only one runs it; then it moves the timer forward every third of a
 * lease. An attempt a worker keeps to run at once (local continuation) has no timer row at first:
 * the worker enforces its deadline in process, and writes the timer one lease ahead only once the
 * attempt has run for {@link #FIRST_WRITE} (or a third of a lease, if shorter); a short step thus
 * costs no timer write and no cancel. A process that dies before that leaves a saga with a pending
 * attempt and no live timer, which the reconciler publishes again once the saga is quiet. A worker
 * that dies stops moving the timer, so it fires within one lease of the death and the attempt runs
 * again elsewhere; a timer due at the deadline records a timeout, as before. A worker whose renewal finds the timer claimed or fired has lost the lease: it stops the
 * attempt, so an attempt never runs on two live workers at once.
 */
public final class AttemptLeases {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptLeases.class);
  /**
   * How long an attempt kept in process runs before its lease timer is written; shorter than any
   * reconciler grace the engine accepts, so the reconciler never takes a running attempt for lost.
   */
  public static final Duration FIRST_WRITE = Duration.ofSeconds(1);

  /** What a worker got when it tried to take an attempt's lease. */
  enum Take {
    /** The lease is this worker's: run the attempt and keep the lease. */
    LEASED,
    /** The timer is gone for good (cancelled, or its firing failed): run the attempt without a lease. */
    UNLEASED,
    /** Another worker holds the lease, or a scheduler is firing the timer: do not run the attempt. */
    HELD
  }

  private final SagaRuntime runtime;
  private final Duration lease;

  public AttemptLeases(SagaRuntime runtime) {
    this.runtime = runtime;
    this.lease = runtime.attemptLease();
  }

  /**
   * When the timer of an attempt a worker holds, timing out at {@code deadline}, is due: the
   * lease's end, at the latest one lease after the deadline (the worker records the attempt's
   * timeout itself, at the deadline). Never exactly the deadline: a timer due at its deadline means
   * that no worker took the attempt.
   */
  public Instant dueAt(Instant deadline) {
    Instant end = runtime.clock().instant().plus(lease);
    Instant last = deadline.plus(lease);
    Instant due = end.isBefore(last) ? end : last;
    return due.equals(deadline) ? due.plusMillis(1) : due;
  }

  /**
   * Takes the lease of a published attempt this worker is about to run: moves its timer from the
   * deadline to the lease's end, or creates it there if a crash left it unwritten.
   */
  Take take(ActivityTaskMessage task, Instant deadline) {
    String timerId = SagaRuntime.attemptTimerId(task);
    if (runtime.timers().reschedule(timerId, deadline, dueAt(deadline))) {
      return Take.LEASED;
    }
    Optional<Timer> timer = runtime.timers().get(timerId);
    if (timer.isEmpty()) {
      runtime.timers().create(new NewTimer(timerId, task.sagaId(), TimerType.ACTIVITY_TIMEOUT, dueAt(deadline),
          SagaRuntime.encode(task.withDeadline(deadline))));
      return Take.LEASED;
    }
    TimerStatus status = timer.get().status();
    if (status == TimerStatus.CANCELLED || status == TimerStatus.FAILED) {
      return Take.UNLEASED;
    }
    LOG.debug("Saga {} step {} attempt {}: its timer is {} at {}, held elsewhere; not running it", task.sagaId(),
        task.activityId(), task.attempt(), status, timer.get().fireAt());
    return Take.HELD;
  }

  /**
   * Gives back the lease of an attempt this process kept but publishes instead of running: its
   * timer is due at its deadline again, so the worker it is delivered to can take it. Returns the
   * attempt to publish, with that deadline (the one the taker's compare-and-set expects).
   */
  public ActivityTaskMessage giveBack(ActivityTaskMessage task) {
    String timerId = SagaRuntime.attemptTimerId(task);
    Optional<Timer> timer = runtime.timers().get(timerId).filter(t -> t.status() == TimerStatus.PENDING);
    if (timer.isEmpty()) {
      return task;
    }
    Timer t = timer.get();
    Instant deadline = SagaRuntime.decode(t.payload(), ActivityTaskMessage.class).deadline();
    if (deadline == null) {
      return task;
    }
    if (!deadline.equals(t.fireAt())) {
      runtime.timers().reschedule(timerId, t.fireAt(), deadline);
    }
    return task.withDeadline(deadline);
  }

  /**
   * Renews the lease of attempt {@code task} every third of a lease while it runs, on
   * {@code executor}, until the returned handle is closed; unless {@code written} (the worker took
   * the lease of a delivered attempt, whose timer exists), the first renewal, after
   * {@link #FIRST_WRITE} at most, creates the timer. Runs {@code lost} once if a renewal finds
   * the timer claimed or fired (a scheduler took this worker for dead), and {@code hung} once if the
   * attempt still runs a third of a lease after its deadline (its activity ignored the interrupt at
   * the deadline): then the worker records the timeout itself. A timer that is gone for good ends
   * the renewals.
   */
  Renewal keep(ActivityTaskMessage task, Instant deadline, boolean written, Runnable lost, Runnable hung,
      ScheduledExecutorService scheduler, Executor executor) {
    String timerId = SagaRuntime.attemptTimerId(task);
    long every = Math.max(1, lease.toMillis() / 3);
    long first = written ? every : Math.min(every, FIRST_WRITE.toMillis());
    Instant hungAfter = deadline.plusMillis(every);
    Renewal renewal = new Renewal(lost, hung, written);
    renewal.future = scheduler.scheduleWithFixedDelay(() -> executor.execute(() -> {
      if (renewal.ended()) {
        return;
      }
      if (!runtime.clock().instant().isBefore(hungAfter)) {
        renewal.hang(task);
        return;
      }
      try {
        if (!renewal.written()) {
          synchronized (renewal) { // so that close() sees whether the timer exists
            if (!renewal.ended()) {
              writeTimer(task, deadline, renewal);
            }
          }
        } else if (!runtime.timers().reschedule(timerId, null, dueAt(deadline))) {
          renewal.timerGone(runtime.timers().get(timerId).map(Timer::status).orElse(null), task);
        }
      } catch (RuntimeException e) {
        LOG.warn("Saga {} step {} attempt {}: could not renew its lease, trying again: {}", task.sagaId(),
            task.activityId(), task.attempt(), e.toString());
      }
    }), first, every, TimeUnit.MILLISECONDS);
    return renewal;
  }

  /**
   * Writes the lease timer of an attempt kept in process that runs on; a timer someone else wrote
   * meanwhile (the reconciler published the attempt again, another worker took it) is handled as
   * a renewal that finds it would be.
   */
  private void writeTimer(ActivityTaskMessage task, Instant deadline, Renewal renewal) {
    byte[] payload = SagaRuntime.encode(task.withDeadline(deadline));
    Timer timer = runtime.timers().create(new NewTimer(SagaRuntime.attemptTimerId(task), task.sagaId(),
        TimerType.ACTIVITY_TIMEOUT, dueAt(deadline), payload));
    if (java.util.Arrays.equals(timer.payload(), payload) && timer.status() == TimerStatus.PENDING) {
      renewal.markWritten();
    } else {
      renewal.timerGone(timer.status(), task);
    }
  }

  /** Whether timer {@code timer} is still live (pending or being fired). */
  public static boolean live(Timer timer) {
    return timer != null && (timer.status() == TimerStatus.PENDING || timer.status() == TimerStatus.PROCESSING);
  }

  /**
   * Whether {@code timer}, an attempt's timeout timer, waits at its deadline: the attempt is in
   * the queue, or should be (its task may have been lost), and no worker holds its lease.
   */
  public static boolean unleased(Timer timer) {
    return timer != null && timer.status() == TimerStatus.PENDING && neverTaken(timer);
  }

  /** Whether {@code timer}, an attempt's timeout timer, is due at the attempt's deadline: no worker took it. */
  static boolean neverTaken(Timer timer) {
    Instant deadline = SagaRuntime.decode(timer.payload(), ActivityTaskMessage.class).deadline();
    return deadline == null || deadline.equals(timer.fireAt());
  }

  /** A running lease renewal. Once closed, it never calls its actions. */
  static final class Renewal implements AutoCloseable {
    private final Runnable onLost;
    private final Runnable onHung;
    private volatile ScheduledFuture<?> future;
    private volatile boolean written;
    private boolean closed;
    private boolean lost;
    private boolean hung;

    private Renewal(Runnable onLost, Runnable onHung, boolean written) {
      this.onLost = onLost;
      this.onHung = onHung;
      this.written = written;
    }

    /** Whether the attempt's timer row exists (it has to be cancelled once the attempt has a result). */
    boolean written() {
      return written;
    }

    private void markWritten() {
      written = true;
    }

    /** A renewal found the timer no longer pending: lost if a scheduler claimed or fired it, else just ended. */
    private synchronized void timerGone(TimerStatus status, ActivityTaskMessage task) {
      future.cancel(false);
      if (ended()) {
        return;
      }
      if (status == TimerStatus.PROCESSING || status == TimerStatus.FIRED) {
        LOG.warn("Saga {} step {} attempt {}: its lease is gone (its timer was {} by a scheduler that took this"
            + " worker for dead); stopping the attempt", task.sagaId(), task.activityId(), task.attempt(), status);
        lost = true;
        onLost.run();
      } else {
        LOG.warn("Saga {} step {} attempt {}: its timer is {}; running on without a lease", task.sagaId(),
            task.activityId(), task.attempt(), status == null ? "gone" : status);
      }
    }

    /** The attempt runs on past its deadline: the worker records its timeout now. */
    private synchronized void hang(ActivityTaskMessage task) {
      future.cancel(false);
      if (ended()) {
        return;
      }
      LOG.warn("Saga {} step {} attempt {}: its activity runs on past its deadline (it ignored the interrupt);"
          + " recording its timeout", task.sagaId(), task.activityId(), task.attempt());
      hung = true;
      onHung.run();
    }

    /** Whether the renewal is over: closed, its lease lost, or its attempt recorded as hung. */
    private synchronized boolean ended() {
      return closed || lost || hung;
    }

    /** Whether the attempt's outcome is someone else's to record: its lease was lost, or it hung and was recorded. */
    synchronized boolean lost() {
      return lost || hung;
    }

    @Override
    public synchronized void close() {
      closed = true;
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
