package dev.operon.server.orders;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.saga.SagaDescription;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaOperations;
import dev.operon.server.OpenBackends;
import dev.operon.server.PortUrls;
import dev.operon.server.orders.OrderRecords.Approval;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.StalledWatcher;
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.Tracking;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the order-fulfilment demo: starts the sagas (in this process, or in worker processes
 * driven from here), sends approvals and cancels as the plan says, optionally kills workers, waits
 * a bounded time for every saga to finish, and tallies the outcomes against the plan.
 */
public final class OrderDemo {
  private static final Logger LOG = LoggerFactory.getLogger(OrderDemo.class);
  private static final Duration POLL = Duration.ofMillis(500);
  /** Approvals and cancels go at most this long after the sleep, and at most half the approval timeout. */
  private static final Duration SIGNAL_SPREAD = Duration.ofMillis(300);

  private final DemoSettings settings;
  private final PortUrls urls;
  private final String runId;
  private final ProgressBar progress;
  private final Path logDir;
  private StallWatch stalls = StallWatch.DEFAULT;

  /**
   * A run of {@code settings} on {@code urls}; progress goes to {@code progress} (null: none), the
   * worker processes' logs to {@code logDir}.
   */
  public OrderDemo(DemoSettings settings, PortUrls urls, String runId, PrintWriter progress, Path logDir) {
    this.settings = settings;
    this.urls = urls;
    this.runId = runId;
    this.progress = new ProgressBar(progress, progress != null);
    this.logDir = logDir;
  }

  /** How the run shows stalled work (default {@link StallWatch#DEFAULT}). */
  public OrderDemo stalls(StallWatch value) {
    this.stalls = java.util.Objects.requireNonNull(value, "stalls");
    return this;
  }

  /** The correlation id of every saga of run {@code runId} and of their tracked operations. */
  public static String correlationId(String runId) {
    return "demo-" + runId;
  }

  /** Runs the demo and returns its summary. */
  public DemoSummary run() throws InterruptedException {
    requireSharedQueue();
    BackendOptions options = OrderEngine.backendOptions(settings.prefix());
    WorkerPlan plan = settings.workers();
    WorkerProcesses workers = null;
    WorkerKills kills = null;
    ScheduledExecutorService driver = Executors.newScheduledThreadPool(2, Thread.ofVirtual().factory());
    try (OpenBackends backends = OpenBackends.open(urls, options);
        EffectLedger ledger = EffectLedger.open(urls.store(), options)) {
      backends.taskQueue();
      if (plan.processes() > 0) {
        progress.note("Starting " + plan.processes() + " worker processes ...");
        workers = WorkerProcesses.start(plan.processes(), workerArgs(), logDir);
        progress.note("Workers ready, pids " + workers.pids());
      }
      kills = new WorkerKills(plan, workers, progress);
      Tracking tracking = OrderEngine.tracking(backends);
      List<String> stalled = new CopyOnWriteArrayList<>();
      try (StalledWatcher watcher = StalledWatcher.builder(tracking).defaultThreshold(stalls.threshold())
              .period(stalls.threshold().dividedBy(4)).ignore(SagaOperations.SAGA_PREFIX)
              .onStalled(op -> reportStalled(op, stalled)).start();
          SagaEngine engine = OrderEngine.build(backends, tracking, ledger, settings.attemptTimeout(),
              plan.attemptLease(), plan.processes() > 0 ? 0 : 2)) {
        Map<String, Fate> fates = startAll(engine, driver, kills);
        Tally tally = awaitAll(engine, fates);
        driver.shutdownNow();
        kills.close();
        return summary(fates, tally, ledger, workers, kills,
            TrackedCounts.of(tracking.correlated(correlationId(runId)), stalled));
      }
    } finally {
      driver.shutdownNow();
      if (kills != null) {
        kills.close();
      }
      if (workers != null) {
        workers.close();
      }
    }
  }

  private void requireSharedQueue() {
    int processes = settings.workers().processes();
    if (processes == 0) {
      return;
    }
    if (BackendUrl.parse(urls.store()).scheme().equals("memory")) {
      throw OperonException.invalid("--workers " + processes + " needs a store the worker processes"
          + " share: --store sqlite:PATH or postgres://HOST:PORT/DB, not " + urls.store());
    }
    if (urls.queue().trim().equalsIgnoreCase("local")) {
      throw OperonException.invalid("--workers " + processes + " needs a queue the worker processes"
          + " share: --queue jdbc (the store's database) or nats://HOST:PORT, not local");
    }
  }

  private List<String> workerArgs() {
    return List.of("--store", urls.store(), "--queue", urls.queue(), "--notify", urls.notifier(),
        "--prefix", settings.prefix(),
        "--activity-timeout", settings.attemptTimeout().toMillis() + "ms",
        "--attempt-lease", settings.workers().attemptLease().toMillis() + "ms");
  }

  /**
   * Starts every order, one after the other, and schedules its approval or cancel; the kills count
   * from the first start. Returns each saga's id and fate, in plan order. (Starting from several
   * threads at once was measured slower: 200 sagas on PostgreSQL + NATS took 21 s with 8 starters,
   * 11 s with one, as the burst fills the queue.)
   */
  private Map<String, Fate> startAll(SagaEngine engine, ScheduledExecutorService driver, WorkerKills kills) {
    List<OrderInput> orders = OrderPlan.orders(runId, settings);
    Random random = new Random(settings.seed() + 1);
    long spread = signalSpread(settings).toMillis();
    Map<String, Fate> fates = new LinkedHashMap<>();
    kills.start(Instant.now());
    boolean hung = stalls.hang().isZero();
    try (CorrelationContext.Scope run = CorrelationContext.of(correlationId(runId), Instant.now()).activate()) {
      for (OrderInput planned : orders) {
        OrderInput order = planned;
        if (!hung && order.fate() == Fate.SHIPPED) {
          order = order.withHang(stalls.hang().toMillis());
          hung = true;
        }
        start(engine, driver, order, fates, random, spread);
        progress.starting(fates.size(), orders.size());
      }
    }
    return fates;
  }

  private void start(SagaEngine engine, ScheduledExecutorService driver, OrderInput order, Map<String, Fate> fates,
      Random random, long spread) {
    {
      String id = engine.start(OrderSaga.class, order, order.orderId()).id();
      fates.put(id, order.fate());
      schedule(engine, driver, order.fate(), id, random.nextLong(spread));
    }
  }

  private void reportStalled(TrackedOperation operation, List<String> stalled) {
    String line = operation.name() + " " + operation.id() + ": no progress since " + operation.updatedAt()
        + " (threshold " + stalls.threshold().toMillis() + " ms); the engine's activity timeout ends and retries it"
        + " if it never comes back";
    stalled.add(line);
    progress.note("Stalled: " + line);
  }

  /**
   * How long after its start an order's approval or cancel may go: within the sleep plus 300 ms, so
   * that some reach the saga before its wait and some during it, but no later than the sleep plus
   * half the approval timeout. The wait begins after the sleep and times out the approval timeout
   * later, so each signal has at least half the approval timeout to be recorded in time, and the
   * outcome each fate plans does not hang on the timing of the run.
   */
  static Duration signalSpread(DemoSettings settings) {
    Duration half = settings.approvalTimeout().dividedBy(2);
    return settings.sleep().plus(half.compareTo(SIGNAL_SPREAD) < 0 ? half : SIGNAL_SPREAD);
  }

  private static void schedule(SagaEngine engine, ScheduledExecutorService driver, Fate fate, String id, long delay) {
    switch (fate) {
      case SHIPPED, UNDELIVERABLE -> driver.schedule(() -> approve(engine, id), delay, TimeUnit.MILLISECONDS);
      case CANCELLED -> driver.schedule(() -> cancel(engine, id), delay, TimeUnit.MILLISECONDS);
      default -> {
        // out of stock and declined end before the approval; not approved waits in vain
      }
    }
  }

  private static void approve(SagaEngine engine, String id) {
    try {
      engine.signal(id, OrderSaga.APPROVE, new Approval("demo"));
    } catch (RuntimeException e) {
      LOG.warn("Approving saga {} failed: {}", id, e.toString());
    }
  }

  private static void cancel(SagaEngine engine, String id) {
    try {
      engine.cancel(id);
    } catch (RuntimeException e) {
      LOG.warn("Cancelling saga {} failed: {}", id, e.toString());
    }
  }

  private Tally awaitAll(SagaEngine engine, Map<String, Fate> fates) throws InterruptedException {
    Tally tally = new Tally();
    Set<String> pending = new LinkedHashSet<>(fates.keySet());
    long deadline = System.nanoTime() + settings.waitBound().toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (var it = pending.iterator(); it.hasNext(); ) {
        String id = it.next();
        SagaDescription d = describe(engine, id);
        if (d != null && d.terminal()) {
          tally.add(d, fates.get(id));
          it.remove();
        }
      }
      progress.show(tally.finished(), fates.size(), tally.outcomes());
      if (!pending.isEmpty()) {
        Thread.sleep(POLL);
      }
    }
    progress.done();
    if (!pending.isEmpty()) {
      LOG.warn("{} sagas did not finish within {} s, e.g. {}", pending.size(), settings.waitBound().toSeconds(),
          pending.iterator().next());
    }
    return tally;
  }

  private static SagaDescription describe(SagaEngine engine, String id) {
    try {
      return engine.describe(id);
    } catch (OperonException e) {
      if (e.kind() == ErrorKind.VALIDATION) {
        throw e;
      }
      LOG.debug("Describing saga {} failed, trying again: {}", id, e.toString());
      return null;
    }
  }

  private DemoSummary summary(Map<String, Fate> fates, Tally tally, EffectLedger ledger, WorkerProcesses workers,
      WorkerKills kills, TrackedCounts tracked) {
    EffectLedger.LedgerCounts counts = ledger.counts(OrderPlan.idPrefix(runId));
    String queue = urls.queue().contains("://") ? BackendUrl.parse(urls.queue()).redacted() : urls.queue().trim();
    return new DemoSummary(runId, BackendUrl.parse(urls.store()).redacted(), queue,
        settings.workers().processes(), kills(tally, workers, kills), fates.size(),
        tally.count(Outcome.COMPLETED), tally.count(Outcome.COMPENSATED), tally.count(Outcome.CANCELLED),
        tally.count(Outcome.FAILED), fates.size() - tally.finished(), tally.unexpected(), counts.duplicates(),
        counts.absorbed(), tally.stepsRecordedTwice(), tally.transientRetries(), tally.lostAttempts(),
        tally.percentileMillis(50), tally.percentileMillis(99), tally.sagasPerSecond(),
        settings.waitBound().toSeconds(), tally.examples(), tracked);
  }

  private static DemoSummary.Kills kills(Tally tally, WorkerProcesses workers, WorkerKills kills) {
    List<Instant> times = kills.times();
    if (workers == null || times.isEmpty()) {
      return DemoSummary.Kills.NONE;
    }
    Long lastEndAfterKill = tally.lastEnd().map(end -> Duration.between(times.getLast(), end).toMillis())
        .orElse(null);
    return new DemoSummary.Kills(workers.killed(), workers.replacements(), kills.atMillis(),
        times.stream().map(tally::inFlightAt).toList(), lastEndAfterKill);
  }

  /** A short id for a run, also the middle of its order ids. */
  public static String newRunId() {
    String id = IdGenerator.system().next().toLowerCase(Locale.ROOT);
    return id.substring(id.length() - 8);
  }
}
