package dev.operon.server.bench;

import dev.operon.id.IdGenerator;
import dev.operon.queue.QueueSettings;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaEngineBuilder;
import dev.operon.saga.SagaHandle;
import dev.operon.server.OpenBackends;
import dev.operon.server.PortUrls;
import dev.operon.server.SqliteFiles;
import dev.operon.server.bench.BenchSagas.BenchStep;
import dev.operon.server.bench.BenchSagas.ThreeStepSaga;
import dev.operon.server.bench.LoadRunner.Group;
import dev.operon.server.bench.LoadRunner.Result;
import dev.operon.server.bench.jdbc.RawInsertBaseline;
import dev.operon.server.bench.jdbc.ScratchTables;
import dev.operon.server.bench.jdbc.TrackingLoader;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Backends;
import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.OperationTracker;
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.Tracking;
import dev.operon.tracking.TrackingStore;
import dev.operon.tracking.TrackingStores;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench tracking}: progress updates from many threads next to the raw single-row insert
 * rate of the same database, the stalled query with a large table of tracked operations (about 1%
 * of them running, nearly all of those long without an update): its time and its plan, and what
 * tracking costs {@code bench saga}'s 3-step sagas (sagas/s of the same engine without and with it).
 */
final class TrackingBenchmark {
  /** Operations each progress thread starts first and then updates in turn. */
  static final int OPERATIONS_PER_THREAD = 10;
  /** The threshold the stalled query is timed with. */
  static final Duration STALLED_AFTER = Duration.ofMinutes(5);
  /** The most operations Tracking.findStalled returns. */
  static final int STALLED_PAGE = 1_000;
  static final int STALLED_WARMUP = 5;
  static final int STALLED_CALLS = 20;
  static final Duration SAGA_RESULT_WAIT = Duration.ofMinutes(2);

  /** What the run does: phase length, threads of the throughput phases, operations stored for the stalled query. */
  record Settings(Duration phase, int threads, int operations) {}

  private final String storeUrl;
  private final Settings settings;
  private final PrintWriter progress;
  private final LoadRunner runner;
  private final String prefix;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  TrackingBenchmark(String storeUrl, Settings settings, PrintWriter progress) {
    this.storeUrl = storeUrl;
    this.settings = settings;
    this.progress = progress;
    this.runner = new LoadRunner(settings.phase(), progress);
    String id = IdGenerator.system().next().toLowerCase(Locale.ROOT);
    this.prefix = "btrk_" + id.substring(id.length() - 8) + "_";
  }

  Map<String, Object> run() throws Exception {
    BackendUrl url = BackendUrl.parse(storeUrl);
    progress.println("Operon tracking benchmark on " + url.redacted() + ", table prefix " + prefix);
    figures.putAll(BenchRun.header(url.redacted()));
    figures.put("backend", url.scheme());
    figures.put("duration_s_per_phase", settings.phase().toMillis() / 1000.0);
    figures.put("threads", settings.threads());
    figures.put("operations_stored", settings.operations());
    SqliteFiles.createParentDirectory(storeUrl);
    Optional<String> jdbc = JdbcUrls.of(storeUrl);
    BackendOptions options = BackendOptions.defaults().withTablePrefix(prefix).withPoolSize(settings.threads() + 4);
    try {
      try (Backend backend = Backends.open(storeUrl, options)) {
        TrackingStore store = TrackingStores.of(backend);
        Tracking tracking = new Tracking(store, Clock.systemUTC());
        rawInserts(jdbc);
        progressUpdates(tracking);
        ratio();
        load(store, jdbc);
        findStalled(tracking);
        plan(jdbc);
      }
      sagaOverhead(jdbc);
    } finally {
      if (jdbc.isPresent()) {
        List<String> dropped = ScratchTables.drop(jdbc.get(), prefix);
        progress.println("  cleaned up: dropped " + dropped.size() + " table(s) named " + prefix + "*");
        figures.put("tables_dropped", dropped.size());
      }
    }
    return figures;
  }

  /** Phase 1: the database's single-row autocommit insert rate from as many threads as phase 2. */
  private void rawInserts(Optional<String> jdbc) throws Exception {
    figures.put("raw_insert_per_s", null);
    if (jdbc.isEmpty()) {
      progress.println("  (no raw JDBC baseline: " + storeUrl + " is not a SQL database)");
      return;
    }
    byte[] payload = "{\"percent\":42,\"message\":\"step 42 of 100\"}".getBytes(StandardCharsets.UTF_8);
    try (RawInsertBaseline raw = new RawInsertBaseline(jdbc.get(), prefix + "raw", payload)) {
      raw.open(settings.threads());
      Group inserts = new Group("raw", settings.threads(), w -> raw.insert(w, 1), true);
      warmUp().run("warm-up", "rows", List.of(inserts));
      Result result = runner.run("raw insert, " + settings.threads() + " threads", "rows", List.of(inserts));
      figures.put("raw_insert_per_s", Math.round(result.perSecond()));
    }
  }

  /** Phase 2: updateProgress from each thread on RUNNING operations of its own, started beforehand. */
  private void progressUpdates(Tracking tracking) throws Exception {
    int threads = settings.threads();
    String[][] operations = new String[threads][OPERATIONS_PER_THREAD];
    for (int w = 0; w < threads; w++) {
      for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
        operations[w][i] = tracking.start("Bench.Progress", "bench-" + w, null, Map.of("thread", "t" + w));
      }
    }
    long[] calls = new long[threads];
    Group updates = new Group("progress", threads, w -> {
      long n = calls[w]++;
      tracking.updateProgress(operations[w][(int) (n % OPERATIONS_PER_THREAD)], (int) (n % 101), "step " + n);
      return 1;
    }, true);
    warmUp().run("warm-up", "updates", List.of(updates));
    Result result = runner.run("progress updates", "updates", List.of(updates));
    figures.put("progress_updates_per_s", Math.round(result.perSecond()));
  }

  private void ratio() {
    if (figures.get("raw_insert_per_s") instanceof Long raw && raw > 0
        && figures.get("progress_updates_per_s") instanceof Long updates) {
      figures.put("progress_ratio_to_raw", Math.round(updates * 1000.0 / raw) / 1000.0);
    } else {
      figures.put("progress_ratio_to_raw", null);
    }
  }

  /** Stores {@code --operations} tracked operations, about 1% RUNNING; SQL straight into the table on a database. */
  private void load(TrackingStore store, Optional<String> jdbc) throws Exception {
    int count = settings.operations();
    progress.printf(Locale.ROOT, "Storing %,d tracked operations (%,d running) ...%n", count, count / 100);
    progress.flush();
    long began = System.nanoTime();
    if (jdbc.isPresent()) {
      TrackingLoader.load(jdbc.get(), prefix, count, stored -> {
        progress.printf(Locale.ROOT, "  %,d operations stored (%.0f/s)%n", stored,
            stored / ((System.nanoTime() - began) / 1e9));
        progress.flush();
      });
      figures.put("load_s", seconds(System.nanoTime() - began));
      long settling = System.nanoTime();
      progress.println("Letting the database settle (statistics, checkpoint) ...");
      progress.flush();
      ScratchTables.settle(jdbc.get(), prefix);
      figures.put("settle_s", seconds(System.nanoTime() - settling));
      figures.put("running_in_table", TrackingLoader.count(jdbc.get(), prefix, "RUNNING"));
    } else {
      loadInto(store, count);
      figures.put("load_s", seconds(System.nanoTime() - began));
      figures.put("running_in_table", count / 100 + settings.threads() * OPERATIONS_PER_THREAD);
    }
  }

  /** The same operations as TrackingLoader's, one insert each (a store that is not a SQL database). */
  private void loadInto(TrackingStore store, int count) {
    Instant now = Instant.now();
    for (long g = 1; g <= count; g++) {
      boolean running = g % 100 == 0;
      Instant last = running
          ? now.minusSeconds((g / 100 * 7919) % 21600).minusMillis(g % 997)
          : now.minusSeconds((g * 7919) % 2_592_000);
      Instant started = running ? last.minusSeconds(600) : last.minusSeconds(g % 60 + 1);
      store.insert(new TrackedOperation("load-" + g, "Bench.Load",
          running ? OperationStatus.RUNNING : OperationStatus.SUCCEEDED, started, last, running ? null : last,
          running ? (int) (g / 100 % 100) : 100, running ? "working" : "done", "corr-" + g / 10, null, Map.of(), 1));
      if (g % TrackingLoader.CHUNK == 0) {
        progress.printf(Locale.ROOT, "  %,d operations stored%n", g);
        progress.flush();
      }
    }
  }

  /** Phase 3: findStalled(5 min), median and p99 of {@value #STALLED_CALLS} calls after {@value #STALLED_WARMUP}. */
  private void findStalled(Tracking tracking) {
    int found = 0;
    for (int i = 0; i < STALLED_WARMUP; i++) {
      found = tracking.findStalled(STALLED_AFTER).size();
    }
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < STALLED_CALLS; i++) {
      long start = System.nanoTime();
      found = tracking.findStalled(STALLED_AFTER).size();
      times.add(System.nanoTime() - start);
    }
    times.sort(null);
    figures.put("find_stalled_ms", millis(times.get(times.size() / 2)));
    figures.put("find_stalled_p99_ms", millis(times.get(Math.min(times.size() - 1,
        (int) Math.ceil(0.99 * times.size()) - 1))));
    figures.put("find_stalled_calls", STALLED_CALLS);
    figures.put("find_stalled_returned", found);
    progress.printf(Locale.ROOT, "  %-24s %s ms median, %s ms p99 (%d calls, %,d operations each)%n",
        "findStalled(5 min)", figures.get("find_stalled_ms"), figures.get("find_stalled_p99_ms"),
        STALLED_CALLS, found);
    progress.flush();
  }

  /** Phase 4: the plan of the stalled query, to see that it reads the partial index of the operations still going. */
  private void plan(Optional<String> jdbc) throws Exception {
    if (jdbc.isEmpty()) {
      figures.put("find_stalled_plan", null);
      figures.put("find_stalled_plan_constant_bound", null);
      return;
    }
    String plan = TrackingLoader.stalledPlan(jdbc.get(), prefix, STALLED_AFTER.toNanos(), STALLED_PAGE);
    figures.put("find_stalled_plan", plan);
    figures.put("find_stalled_uses_going_index", plan.contains(prefix + "tracked_operations_going"));
    String constant = TrackingLoader.stalledPlanWithConstant(jdbc.get(), prefix, STALLED_AFTER.toNanos(),
        STALLED_PAGE);
    figures.put("find_stalled_plan_constant_bound", constant);
    progress.println("  plan of the stalled query:");
    plan.lines().forEach(line -> progress.println("    " + line));
    progress.println("  plan of the stalled query with its bound as a constant:");
    constant.lines().forEach(line -> progress.println("    " + line));
    progress.flush();
  }

  /**
   * Phase 5: {@code bench saga}'s 3-step sagas of no-op steps from as many starters as threads, each
   * waiting for its saga's end, on the same engine as {@code bench saga} (its defaults: 2 worker
   * loops, local continuation, one transaction per transition) without tracking and with it (every
   * saga and every step a tracked operation, in the store's own database), and with the sagas
   * tracked but not their steps. After a first run that is not counted, three rounds of runs
   * (untracked, tracked, sagas tracked), each run on tables of its own and after a warm-up; a
   * round's overhead is 1 - tracked / untracked, and the figures are the medians of the three
   * (with the spread of the overheads), since the sagas/s of one run move by a tenth or more from
   * one run to the next on a busy machine.
   */
  private void sagaOverhead(Optional<String> jdbc) throws Exception {
    List<Long> untracked = new java.util.ArrayList<>();
    List<Long> tracked = new java.util.ArrayList<>();
    List<Long> sagasOnly = new java.util.ArrayList<>();
    List<Double> overheads = new java.util.ArrayList<>();
    List<Double> sagasOnlyOverheads = new java.util.ArrayList<>();
    // a first engine in a fresh JVM runs its sagas markedly slower (measured: 130-160/s against
    // 250-290/s for the runs after it), whatever it tracks: one run not counted
    sagasPerSecond("sagas, not counted (first engine)", prefix + "sw_", Tracked.NOTHING);
    for (int pair = 1; pair <= SAGA_PAIRS; pair++) {
      long without = sagasPerSecond("sagas, untracked (" + pair + ")", prefix + "su" + pair + "_", Tracked.NOTHING);
      long with = sagasPerSecond("sagas, tracked (" + pair + ")", prefix + "st" + pair + "_", Tracked.SAGAS_AND_STEPS);
      long sagas = sagasPerSecond("sagas, sagas tracked (" + pair + ")", prefix + "ss" + pair + "_", Tracked.SAGAS);
      untracked.add(without);
      tracked.add(with);
      sagasOnly.add(sagas);
      if (without > 0) {
        overheads.add(1 - (double) with / without);
        sagasOnlyOverheads.add(1 - (double) sagas / without);
      }
    }
    figures.put("saga_per_s_untracked", median(untracked));
    figures.put("saga_per_s_tracked", median(tracked));
    figures.put("saga_per_s_sagas_tracked", median(sagasOnly));
    figures.put("saga_runs_untracked", untracked);
    figures.put("saga_runs_tracked", tracked);
    figures.put("saga_runs_sagas_tracked", sagasOnly);
    if (!overheads.isEmpty()) {
      putSpread("tracking_overhead", overheads);
      putSpread("tracking_overhead_sagas_only", sagasOnlyOverheads);
    }
    if (jdbc.isPresent()) {
      long succeeded = 0;
      for (int pair = 1; pair <= SAGA_PAIRS; pair++) {
        succeeded += TrackingLoader.count(jdbc.get(), prefix + "st" + pair + "_", "SUCCEEDED");
      }
      figures.put("saga_tracked_operations_succeeded", succeeded);
    }
  }

  /** The median of {@code values} as {@code key}, their least and greatest as {@code key_min} and {@code key_max}. */
  private void putSpread(String key, List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    figures.put(key, round3(sorted.get(sorted.size() / 2)));
    figures.put(key + "_min", round3(sorted.getFirst()));
    figures.put(key + "_max", round3(sorted.getLast()));
  }

  /** What a run's engine tracks. */
  private enum Tracked { NOTHING, SAGAS, SAGAS_AND_STEPS }

  private static final int SAGA_PAIRS = 3;

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private long sagasPerSecond(String label, String tablePrefix, Tracked tracked) throws Exception {
    BackendOptions options = BackendOptions.defaults().withTablePrefix(tablePrefix)
        .withPoolSize(settings.threads() + 8).withQueue(new QueueSettings(Duration.ofMinutes(5), 3));
    try (OpenBackends backends = OpenBackends.open(new PortUrls(storeUrl, "store", "local"), options)) {
      OperationTracker tracker = tracked == Tracked.NOTHING ? null
          : new Tracking(TrackingStores.of(backends.storeBackend()), Clock.systemUTC());
      SagaEngineBuilder builder = SagaEngine.builder()
          .eventStore(backends.eventStore()).taskQueue(backends.taskQueue()).timerStore(backends.timerStore())
          .transactor(backends.transactor())
          .activities(new BenchStep())
          .workflows(new ThreeStepSaga())
          .workers(2)
          .localContinuation(true)
          .snapshotInterval(100)
          .recoverOnStart(false);
      if (tracker != null) {
        builder.tracking(tracker).trackSteps(tracked == Tracked.SAGAS_AND_STEPS);
      }
      try (SagaEngine engine = builder.build()) {
        Group starters = new Group("starter", settings.threads(), w -> {
          SagaHandle<Integer> handle = engine.start(ThreeStepSaga.class, w);
          int result = handle.result(SAGA_RESULT_WAIT);
          if (result != w + 3) {
            throw new IllegalStateException("Saga " + handle.id() + " returned " + result + ", not " + (w + 3));
          }
          return 1;
        }, true);
        warmUp().run("warm-up", "sagas", List.of(starters));
        return Math.round(runner.run(label, "sagas", List.of(starters)).perSecond());
      }
    }
  }

  /** A runner for the uncounted warm-up before a throughput phase: 2 s, or the phase if shorter. */
  private LoadRunner warmUp() {
    return new LoadRunner(Duration.ofMillis(Math.min(2000, settings.phase().toMillis())), progress);
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e8) / 10.0;
  }
}
