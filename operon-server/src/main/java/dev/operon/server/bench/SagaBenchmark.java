package dev.operon.server.bench;

import dev.operon.codec.Codec;
import dev.operon.id.IdGenerator;
import dev.operon.nats.NatsTaskQueue;
import dev.operon.queue.QueueSettings;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaHandle;
import dev.operon.server.OpenBackends;
import dev.operon.server.PortUrls;
import dev.operon.server.bench.BenchSagas.BenchStep;
import dev.operon.server.bench.BenchSagas.LongSaga;
import dev.operon.server.bench.BenchSagas.ThreeStepSaga;
import dev.operon.server.bench.LoadRunner.Group;
import dev.operon.server.bench.LoadRunner.Result;
import dev.operon.server.bench.jdbc.RawInsertBaseline;
import dev.operon.server.bench.jdbc.ScratchTables;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Transactor;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Measures the saga engine on one backend: 3-step sagas of no-op activities started by concurrent
 * starters that each wait for their saga's end, the engine's cost per step, the replay of a
 * 10,000-event history with and without snapshots, and beside them the raw single-row commit rate
 * of the same database (the physical limit).
 */
final class SagaBenchmark {
  static final int RAW_WRITERS = 16;
  static final int STEP_SAMPLE = 500;
  static final int REPLAY_ROUNDS = 5;
  static final Duration RESULT_WAIT = Duration.ofMinutes(2);

  /** What the run does: phase length, starters, engine worker loops, local continuation. */
  record Settings(Duration phase, int starters, int workers, boolean localContinuation, boolean atomicTransitions) {}

  private final String storeUrl;
  private final String queueUrl;
  private final Settings settings;
  private final LoadRunner runner;
  private final PrintWriter progress;
  private final String runId;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  /** @param queueUrl the queue's URL, or null for the store's own queue */
  SagaBenchmark(String storeUrl, String queueUrl, Settings settings, PrintWriter progress) {
    this.storeUrl = storeUrl;
    this.queueUrl = queueUrl == null ? "store" : queueUrl;
    this.settings = settings;
    this.runner = new LoadRunner(settings.phase(), progress);
    this.progress = progress;
    String id = IdGenerator.system().next().toLowerCase(Locale.ROOT);
    this.runId = id.substring(id.length() - 8);
  }

  String tablePrefix() {
    return "bench_" + runId + "_";
  }

  /** Runs every phase and returns the figures, in the order they are printed. */
  Map<String, Object> run() throws Exception {
    BackendUrl store = BackendUrl.parse(storeUrl);
    progress.println("Operon saga benchmark on " + store.redacted() + ", queue " + queueUrl
        + ", table prefix " + tablePrefix());
    figures.put("backend", store.scheme());
    figures.put("store", store.redacted());
    figures.put("queue", queueUrl.equals("store") ? "(the store's own queue)" : BackendUrl.parse(queueUrl).redacted());
    figures.put("duration_s", settings.phase().toMillis() / 1000.0);
    figures.put("starters", settings.starters());
    figures.put("workers", settings.workers());
    figures.put("local_continuation", settings.localContinuation());
    figures.put("load_average_at_start", loadAverage());
    BackendOptions options = BackendOptions.defaults()
        .withTablePrefix(tablePrefix())
        .withPoolSize(settings.starters() + 8)
        .withQueue(new QueueSettings(Duration.ofMinutes(5), 3));
    try (OpenBackends backends = OpenBackends.open(new PortUrls(storeUrl, queueUrl, "local"), options)) {
      figures.put("atomic_transitions", settings.atomicTransitions() && backends.transactor().atomic());
      try (SagaEngine engine = engine(backends, settings, 100)) {
        throughput(engine);
        replays(engine, backends);
      } finally {
        deleteNatsStreams(backends);
      }
    }
    rawBaseline();
    figures.put("load_average_at_end", loadAverage());
    figures.put("java", System.getProperty("java.version"));
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    return figures;
  }

  private static SagaEngine engine(OpenBackends backends, Settings settings, int snapshotInterval) {
    return SagaEngine.builder()
        .eventStore(backends.eventStore()).taskQueue(backends.taskQueue()).timerStore(backends.timerStore())
        .transactor(settings.atomicTransitions() ? backends.transactor() : Transactor.direct())
        .activities(new BenchStep())
        .workflows(new ThreeStepSaga(), new LongSaga())
        .workers(settings.workers())
        .localContinuation(settings.localContinuation())
        .snapshotInterval(snapshotInterval)
        .recoverOnStart(false)
        .build();
  }

  private void throughput(SagaEngine engine) throws Exception {
    Queue<Long> warmup = new ConcurrentLinkedQueue<>();
    new LoadRunner(Duration.ofMillis(Math.min(2000, settings.phase().toMillis())), progress)
        .run("warm-up", "sagas", List.of(starters(engine, warmup, new ConcurrentLinkedQueue<>())));
    Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    Queue<String> ids = new ConcurrentLinkedQueue<>();
    Result result = runner.run("3-step sagas", "sagas", List.of(starters(engine, latencies, ids)));
    List<Long> sorted = latencies.stream().sorted().toList();
    figures.put("sagas_per_s", Math.round(result.perSecond()));
    figures.put("sagas_completed", result.units());
    figures.put("p50_ms", millis(percentile(sorted, 0.50)));
    figures.put("p99_ms", millis(percentile(sorted, 0.99)));
    printEventGaps(engine, ids);
    List<Long> steps = stepGaps(engine, ids);
    figures.put("step_overhead_p50_ms", millis(percentile(steps, 0.50)));
    figures.put("step_overhead_p99_ms", millis(percentile(steps, 0.99)));
    figures.put("step_overhead_sample_steps", steps.size());
    ids.stream().findFirst().ifPresent(id -> figures.put("events_per_saga", engine.describe(id).history().size()));
  }

  /** Starters that each start a 3-step saga and wait for its result, recording the nanoseconds. */
  private Group starters(SagaEngine engine, Queue<Long> latencies, Queue<String> ids) {
    return new Group("starter", settings.starters(), w -> {
      long start = System.nanoTime();
      SagaHandle<Integer> handle = engine.start(ThreeStepSaga.class, w);
      int result = handle.result(RESULT_WAIT);
      latencies.add(System.nanoTime() - start);
      if (result != w + 3) {
        throw new IllegalStateException("Saga " + handle.id() + " returned " + result + ", not " + (w + 3));
      }
      ids.add(handle.id());
      return 1;
    }, true);
  }

  /**
   * The engine's cost of one step: the time between the recorded completions of consecutive steps
   * (the activities do no work), over up to {@value #STEP_SAMPLE} sagas of the run, in nanoseconds.
   */
  private static List<Long> stepGaps(SagaEngine engine, Queue<String> ids) {
    List<Long> gaps = new ArrayList<>();
    ids.stream().limit(STEP_SAMPLE).forEach(id -> {
      Instant previous = null;
      for (HistoryEvent event : engine.describe(id).history()) {
        if (event.eventType() == EventType.ACTIVITY_TASK_COMPLETED) {
          if (previous != null) {
            gaps.add(Duration.between(previous, event.timestamp()).toNanos());
          }
          previous = event.timestamp();
        }
      }
    });
    gaps.sort(null);
    return gaps;
  }

  /** Prints the median time between consecutive events of the sampled sagas, by event pair. */
  private void printEventGaps(SagaEngine engine, Queue<String> ids) {
    Map<String, List<Long>> gaps = new java.util.TreeMap<>();
    ids.stream().limit(STEP_SAMPLE).forEach(id -> {
      HistoryEvent previous = null;
      for (HistoryEvent event : engine.describe(id).history()) {
        if (previous != null) {
          gaps.computeIfAbsent(previous.eventId() + " " + previous.eventType().typeName() + " -> "
              + event.eventType().typeName(), k -> new ArrayList<>())
              .add(Duration.between(previous.timestamp(), event.timestamp()).toNanos());
        }
        previous = event;
      }
    });
    gaps.forEach((pair, values) -> {
      values.sort(null);
      progress.printf(Locale.ROOT, "  event gap p50 %8.2f ms  %s%n", percentile(values, 0.5) / 1e6, pair);
    });
  }

  /** Times a verified replay of a 10,000-event history, from its snapshot and from its events alone. */
  private void replays(SagaEngine engine, OpenBackends backends) {
    // the engine that recorded the long saga holds its history: time replays on new engines
    long begin = System.nanoTime();
    SagaHandle<Integer> handle = engine.start(LongSaga.class, 0);
    handle.result(RESULT_WAIT);
    int events = engine.describe(handle.id()).history().size();
    progress.printf(Locale.ROOT, "  %-24s %,d events in %.1f s%n", "long saga recorded", events,
        (System.nanoTime() - begin) / 1e9);
    figures.put("replay_events", events);
    Settings replayOnly = new Settings(settings.phase(), settings.starters(), 0, false, settings.atomicTransitions());
    figures.put("replay_10k_ms_with_snapshots", replayMillis(() -> engine(backends, replayOnly, 100), handle.id()));
    figures.put("replay_10k_ms_without_snapshots", replayMillis(() -> engine(backends, replayOnly, 0), handle.id()));
    progress.printf(Locale.ROOT, "  %-24s %s ms with snapshots, %s ms without%n", "replay 10k events",
        figures.get("replay_10k_ms_with_snapshots"), figures.get("replay_10k_ms_without_snapshots"));
  }

  /**
   * The median time of loading and replaying saga {@code id}, over {@value #REPLAY_ROUNDS} rounds
   * after a warm-up one, each on a new engine (an engine holds the histories it read).
   */
  private static double replayMillis(java.util.function.Supplier<SagaEngine> engines, String id) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i <= REPLAY_ROUNDS; i++) {
      try (SagaEngine engine = engines.get()) {
        long start = System.nanoTime();
        engine.verifyReplay(id);
        if (i > 0) {
          times.add(System.nanoTime() - start);
        }
      }
    }
    times.sort(null);
    return millis(percentile(times, 0.5));
  }

  /** The raw single-row commit rate of the same database, 16 writers (and 1 on SQLite). */
  private void rawBaseline() throws Exception {
    Optional<String> jdbcUrl = JdbcUrls.of(storeUrl);
    figures.put("raw_insert_rows_per_s", null);
    if (jdbcUrl.isEmpty()) {
      progress.println("  (no raw JDBC baseline: " + storeUrl + " is not a SQL database)");
      return;
    }
    byte[] payload = Codec.json().encode(SampleEvents.medium());
    figures.put("raw_insert_rows_per_s", rawInserts(jdbcUrl.get(), "raw", RAW_WRITERS, payload));
    figures.put("raw_writers", RAW_WRITERS);
    if (JdbcUrls.isSqlite(jdbcUrl.get())) {
      figures.put("raw_insert_single_writer_rows_per_s", rawInserts(jdbcUrl.get(), "raw_one", 1, payload));
    }
    Object raw = figures.get("raw_insert_rows_per_s");
    Object sagas = figures.get("sagas_per_s");
    if (raw instanceof Long r && sagas instanceof Long s && s > 0) {
      figures.put("raw_commits_per_saga", Math.round(r * 10.0 / s) / 10.0);
    }
    List<String> dropped = ScratchTables.drop(jdbcUrl.get(), tablePrefix());
    progress.println("  cleaned up: dropped " + dropped.size() + " table(s) named " + tablePrefix() + "*");
    figures.put("tables_dropped", dropped.size());
  }

  private long rawInserts(String jdbcUrl, String table, int writers, byte[] payload) throws Exception {
    try (RawInsertBaseline raw = new RawInsertBaseline(jdbcUrl, tablePrefix() + table, payload)) {
      raw.open(writers);
      String label = writers == 1 ? "raw insert, 1 writer" : "raw insert, " + writers + " writers";
      Result result = runner.run(label, "rows", List.of(new Group(table, writers, w -> raw.insert(w, 1), true)));
      return Math.round(result.perSecond());
    }
  }

  /** A JetStream queue keeps its tasks on the server: delete this run's streams. */
  private void deleteNatsStreams(OpenBackends backends) {
    if (backends.taskQueue() instanceof NatsTaskQueue nats) {
      try {
        nats.deleteStreams();
        progress.println("  cleaned up: deleted the JetStream streams of " + tablePrefix());
      } catch (RuntimeException e) {
        progress.println("  could not delete the JetStream streams of " + tablePrefix() + ": " + e.getMessage());
      }
    }
  }

  static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
  }

  static Double millis(long nanos) {
    return nanos < 0 ? null : Math.round(nanos / 1e4) / 100.0;
  }

  static double loadAverage() {
    return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
  }
}
