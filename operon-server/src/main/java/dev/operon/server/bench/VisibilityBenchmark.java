package dev.operon.server.bench;

import dev.operon.id.IdGenerator;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaPage;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaState;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.server.bench.jdbc.ScratchTables;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Backends;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Measures what an engine's start and its {@code list} queries cost with many finished sagas in
 * the store: fills it with finished 3-step sagas (local activities, so each saga is one append,
 * started in batches of one transaction each) and a few waiting ones, then builds a fresh engine
 * and times its start, its heap, first and deep list pages, lists by state and by search attribute,
 * and a recovery pass.
 */
final class VisibilityBenchmark {
  /** Sagas started per transaction while filling. */
  static final int BATCH = 200;
  /** Sagas left waiting for a signal, whatever the size of the fill: what recovery looks at. */
  static final int WAITING = 100;
  static final int FILL_THREADS = 4;
  static final int ROUNDS = 5;
  /** Fresh engines started to take the median start time of; the last one is measured further. */
  static final int START_ROUNDS = 3;

  private final String storeUrl;
  private final int sagas;
  private final PrintWriter progress;
  private final String prefix;
  private final boolean keep;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  VisibilityBenchmark(String storeUrl, int sagas, boolean keep, PrintWriter progress) {
    this.storeUrl = storeUrl;
    this.sagas = sagas;
    this.keep = keep;
    this.progress = progress;
    String id = IdGenerator.system().next().toLowerCase(Locale.ROOT);
    this.prefix = "bvis_" + id.substring(id.length() - 8) + "_";
  }

  /** A no-op step, run as a local activity. */
  static final class Noop implements Activity<Integer, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, Integer input) {
      return input;
    }
  }

  /** Three local steps and a search attribute: finished within its start's one append. */
  static final class FilledSaga implements Workflow<Integer, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Integer n) {
      ctx.upsertSearchAttributes(Map.of("shard", (long) (n % 100)));
      int sum = 0;
      for (int step = 0; step < 3; step++) {
        sum += ctx.localActivity(Noop.class, n + step);
      }
      return sum;
    }
  }

  /** Waits a day for a signal: unfinished, what recovery resumes. */
  static final class WaitingSaga implements Workflow<Integer, String> {
    @Override
    public String run(WorkflowContext ctx, Integer n) {
      return ctx.awaitSignal("go", String.class, Duration.ofDays(1));
    }
  }

  Map<String, Object> run() throws Exception {
    BackendUrl url = BackendUrl.parse(storeUrl);
    figures.put("backend", url.scheme());
    figures.put("store", url.redacted());
    figures.put("table_prefix", prefix);
    BackendOptions options = BackendOptions.defaults().withTablePrefix(prefix);
    try (Backend backend = Backends.open(storeUrl, options)) {
      fill(backend);
      settle();
      measure(backend);
    } finally {
      if (keep) {
        progress.println("  kept the tables of prefix " + prefix + " (drop them when done)");
      } else {
        dropTables();
      }
    }
    figures.put("java", System.getProperty("java.version"));
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    return figures;
  }

  private void fill(Backend backend) throws Exception {
    progress.println("Filling " + String.format(Locale.ROOT, "%,d", sagas) + " finished sagas and " + WAITING
        + " waiting ones with prefix " + prefix + " ...");
    long began = System.nanoTime();
    try (SagaEngine filler = dev.operon.saga.SagaEngine.builder().backend(backend)
        .activities(new Noop()).workflows(new FilledSaga(), new WaitingSaga())
        .workers(1).recoverOnStart(false).timerPoll(Duration.ZERO).reconcileInterval(Duration.ZERO)
        .watchdog(dev.operon.saga.WatchdogSettings.DEFAULT.withInterval(Duration.ZERO)).build()) {
      AtomicLong done = new AtomicLong();
      ExecutorService threads = Executors.newFixedThreadPool(FILL_THREADS);
      try {
        List<Future<?>> batches = new ArrayList<>();
        for (int from = 0; from < sagas; from += BATCH) {
          int first = from;
          int last = Math.min(sagas, from + BATCH);
          batches.add(threads.submit(() -> backend.transactor().inTransaction(() -> {
            for (int n = first; n < last; n++) {
              filler.start(FilledSaga.class, n, "filled-" + n);
            }
            long total = done.addAndGet(last - first);
            if (total % 50_000 < BATCH) {
              progress.printf(Locale.ROOT, "  %,d sagas stored (%.0f/s)%n", total,
                  total / ((System.nanoTime() - began) / 1e9));
              progress.flush();
            }
            return null;
          })));
        }
        for (Future<?> batch : batches) {
          batch.get();
        }
      } finally {
        threads.shutdown();
      }
      for (int n = 0; n < WAITING; n++) {
        filler.start(WaitingSaga.class, n, "waiting-" + n);
      }
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    figures.put("sagas_stored", sagas + WAITING);
    figures.put("fill_s", Math.round(seconds * 10) / 10.0);
    figures.put("fill_sagas_per_s", Math.round(sagas / seconds));
  }

  private void measure(Backend backend) {
    progress.println("Measuring a fresh engine's start and its list queries ...");
    double[] starts = new double[START_ROUNDS];
    for (int i = 0; i < START_ROUNDS - 1; i++) {
      long began = System.nanoTime();
      try (SagaEngine engine = engine(backend)) {
        engine.list(SagaQuery.all().limit(1));
        starts[i] = (System.nanoTime() - began) / 1e6;
      }
    }
    System.gc();
    long before = usedHeap();
    long began = System.nanoTime();
    try (SagaEngine engine = engine(backend)) {
      engine.list(SagaQuery.all().limit(1));
      starts[START_ROUNDS - 1] = (System.nanoTime() - began) / 1e6;
      figures.put("engine_start_ms", Math.round(medianOf(starts) * 100) / 100.0);
      figures.put("engine_start_first_ms", Math.round(starts[0] * 100) / 100.0);
      System.gc();
      figures.put("heap_used_mb_after_start", Math.round(usedHeap() / 1e5) / 10.0);
      figures.put("heap_grown_by_start_mb", Math.round((usedHeap() - before) / 1e5) / 10.0);
      figures.put("list_first_page_ms", median(() -> engine.list(SagaQuery.all().limit(100))));
      String token = pageToken(engine, 999);
      figures.put("list_deep_page_ms", token == null ? null
          : median(() -> engine.list(SagaQuery.all().limit(100).pageToken(token))));
      figures.put("list_by_state_ms", median(() -> engine.list(SagaQuery.all().states(SagaState.PAUSED).limit(100))));
      figures.put("list_by_search_attribute_ms",
          median(() -> engine.list(SagaQuery.all().searchAttribute("shard", 42).limit(100))));
      long scan = System.nanoTime();
      int open = engine.recover();
      figures.put("recovery_scan_ms", millis(System.nanoTime() - scan));
      figures.put("recovery_open_sagas", open);
    }
  }

  /** A fresh engine on {@code backend}, recovering at start as every engine does. */
  private static SagaEngine engine(Backend backend) {
    return dev.operon.saga.SagaEngine.builder().backend(backend)
        .activities(new Noop()).workflows(new FilledSaga(), new WaitingSaga())
        .timerPoll(Duration.ZERO).reconcileInterval(Duration.ZERO)
        .watchdog(dev.operon.saga.WatchdogSettings.DEFAULT.withInterval(Duration.ZERO)).build();
  }

  private static double medianOf(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The token of the page after {@code pages} pages of 100, or null if there are fewer. */
  private static String pageToken(SagaEngine engine, int pages) {
    SagaQuery query = SagaQuery.all().limit(100);
    String token = null;
    for (int i = 0; i < pages; i++) {
      SagaPage page = engine.list(token == null ? query : query.pageToken(token));
      if (page.nextPageToken().isEmpty()) {
        return null;
      }
      token = page.nextPageToken().get();
    }
    return token;
  }

  private static double median(Supplier<SagaPage> query) {
    query.get();
    double[] times = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      long began = System.nanoTime();
      query.get();
      times[i] = (System.nanoTime() - began) / 1e6;
    }
    Arrays.sort(times);
    return Math.round(times[ROUNDS / 2] * 100) / 100.0;
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Gathers planner statistics and checkpoints the fill's writes before anything is measured. */
  private void settle() {
    JdbcUrls.of(storeUrl).ifPresent(jdbc -> {
      progress.println("Letting the database settle (statistics, checkpoint) ...");
      long began = System.nanoTime();
      try {
        ScratchTables.settle(jdbc, prefix);
      } catch (Exception e) {
        progress.println("  could not settle the database: " + e.getMessage());
      }
      figures.put("settle_s", Math.round((System.nanoTime() - began) / 1e8) / 10.0);
    });
  }

  private void dropTables() {
    JdbcUrls.of(storeUrl).ifPresent(jdbc -> {
      try {
        progress.println("  dropped " + ScratchTables.drop(jdbc, prefix).size() + " tables of prefix " + prefix);
      } catch (Exception e) {
        progress.println("  could not drop the tables of prefix " + prefix + ": " + e.getMessage());
      }
    });
  }
}
