package dev.operon.server.orders;

import dev.operon.queue.QueueSettings;
import dev.operon.saga.SagaEngine;
import dev.operon.server.OpenBackends;
import dev.operon.spi.BackendOptions;
import dev.operon.tracking.Tracking;
import dev.operon.tracking.TrackingStores;
import java.time.Clock;
import java.time.Duration;

/** How the demo's processes open their backends and build their saga engines, alike in each. */
public final class OrderEngine {
  /**
   * A task held by a process that died is delivered again after this long, and a timer it claimed
   * can be claimed again after {@link #TIMER_CLAIM_TIMEOUT}: short, so a killed worker's work
   * moves to the survivors within seconds.
   */
  static final Duration ACK_WAIT = Duration.ofSeconds(5);

  static final Duration TIMER_CLAIM_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How often the reconciler looks for sagas quiet this long (the engine's default is 30 s). A
   * worker killed between a commit and what follows it (the publish of the saga's next task, the
   * timer of an attempt it kept to run itself) leaves work that no lease, claim or ack wait brings
   * back; unless an engine starts and recovers, the reconciler does, within two intervals.
   */
  static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(10);

  /** Deliveries before a task is dead-lettered; a saga's tasks may meet conflicts and a crash. */
  static final int MAX_DELIVERIES = 20;

  /** The demo's own queues, so that its workers never take another application's saga tasks. */
  static final String WORKFLOW_QUEUE = "demo-orders-workflows";

  static final String ACTIVITY_QUEUE = "demo-orders-activities";

  private OrderEngine() {}

  /** Backend options of every process of a demo run: its table (or stream) prefix, fast polling. */
  public static BackendOptions backendOptions(String prefix) {
    return BackendOptions.defaults()
        .withTablePrefix(prefix)
        .withPollInterval(Duration.ofMillis(100))
        .withQueue(new QueueSettings(ACK_WAIT, MAX_DELIVERIES))
        .withTimerClaimTimeout(TIMER_CLAIM_TIMEOUT);
  }

  /**
   * The tracker of the demo's sagas: the tracking tables of the store's database (memory for a
   * memory store), on the database's clock, so every process of a run writes and watches the same.
   */
  public static Tracking tracking(OpenBackends backends) {
    return new Tracking(TrackingStores.of(backends.storeBackend()), Clock.systemUTC());
  }

  /**
   * An engine running the order saga on {@code backends}, with {@code workers} loops per queue
   * (0: a client that only starts, signals, cancels and describes sagas, with no timer loop); its
   * activity attempts time out after {@code attemptTimeout} and its workers hold them on leases of
   * {@code attemptLease}.
   */
  public static SagaEngine build(OpenBackends backends, EffectLedger ledger, Duration attemptTimeout,
      Duration attemptLease, int workers) {
    return build(backends, tracking(backends), ledger, attemptTimeout, attemptLease, workers);
  }

  /** An engine as {@link #build(OpenBackends, EffectLedger, Duration, Duration, int)}, tracking its sagas with {@code tracking}. */
  public static SagaEngine build(OpenBackends backends, Tracking tracking, EffectLedger ledger,
      Duration attemptTimeout, Duration attemptLease, int workers) {
    return builder(backends, tracking, ledger, attemptTimeout, attemptLease, workers).build();
  }

  /** The builder of {@link #build(OpenBackends, Tracking, EffectLedger, Duration, Duration, int)}, to add to. */
  public static dev.operon.saga.SagaEngineBuilder builder(OpenBackends backends, Tracking tracking, EffectLedger ledger,
      Duration attemptTimeout, Duration attemptLease, int workers) {
    return SagaEngine.builder()
        .eventStore(backends.eventStore())
        .taskQueue(backends.taskQueue())
        .timerStore(backends.timerStore())
        .transactor(backends.transactor())
        .notifier(backends.notifier())
        .activities(OrderActivities.registry(ledger, attemptTimeout))
        .workflows(new OrderSaga())
        .tracking(tracking)
        .workflowQueue(WORKFLOW_QUEUE)
        .activityQueue(ACTIVITY_QUEUE)
        .workers(workers)
        .attemptLease(attemptLease)
        .reconcileInterval(RECONCILE_INTERVAL)
        .timerPoll(workers == 0 ? Duration.ZERO : Duration.ofMillis(50));
  }
}
