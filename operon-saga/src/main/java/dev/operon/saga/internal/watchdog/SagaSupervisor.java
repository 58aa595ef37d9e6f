package dev.operon.saga.internal.watchdog;

import dev.operon.eventstore.EventStore;
import dev.operon.runtime.ClockedLoop;
import dev.operon.saga.WatchdogSettings;
import dev.operon.saga.internal.SagaRecovery;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.SagaScheduler;
import dev.operon.saga.internal.client.SagaClient;
import dev.operon.saga.internal.worker.TimerFiring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What keeps an engine's sagas going beside its workers: the cron scheduler, the reconciler and
 * the watchdog, and the loops that run the last two on the engine's clock.
 */
public final class SagaSupervisor implements AutoCloseable {
  /** How long a saga must be quiet before the reconciler touches it when its loop is off. */
  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  private final SagaScheduler scheduler;
  private final SagaReconciler reconciler;
  private final Watchdog watchdog;
  private final Duration reconcileInterval;
  private final WatchdogSettings watchdogSettings;
  private final List<ClockedLoop> loops = new ArrayList<>();
  private final SagaRuntime runtime;

  /**
   * @param store the event store, which also holds the schedules' definitions
   * @param catalog where the reconciler and the watchdog find unfinished sagas
   * @param firing how the reconciler fires a timer whose claim holder died
   */
  public SagaSupervisor(SagaRuntime runtime, SagaClient client, SagaRecovery recovery, EventStore store,
      SagaCatalog catalog, TimerFiring firing, Duration reconcileInterval, WatchdogSettings watchdogSettings) {
    this.runtime = runtime;
    this.reconcileInterval = reconcileInterval;
    this.watchdogSettings = watchdogSettings;
    this.scheduler = new SagaScheduler(runtime, client, store);
    this.reconciler = new SagaReconciler(runtime, catalog, recovery, scheduler, firing,
        reconcileInterval.isZero() ? DEFAULT_GRACE : reconcileInterval);
    this.watchdog = new Watchdog(runtime, catalog, store, watchdogSettings, reconciler::redrive);
  }

  public SagaScheduler scheduler() {
    return scheduler;
  }

  public SagaReconciler reconciler() {
    return reconciler;
  }

  public Watchdog watchdog() {
    return watchdog;
  }

  /** Starts the reconciler and watchdog loops whose interval is not zero. */
  public void start() {
    if (!reconcileInterval.isZero()) {
      loops.add(new ClockedLoop("saga-reconciler", runtime.clock(), reconcileInterval, reconciler::reconcile));
    }
    if (!watchdogSettings.interval().isZero()) {
      loops.add(new ClockedLoop("saga-watchdog", runtime.clock(), watchdogSettings.interval(), watchdog::check));
    }
  }

  /** Stops the loops. */
  @Override
  public void close() {
    loops.forEach(ClockedLoop::close);
  }
}
