package dev.operon.bench.peers;

import dev.operon.spi.BackendUrl;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one peers run, in the order they are printed: every key is present from the start
 * (null until measured), as in the other bench commands, and the ratios are computed from the
 * figures as printed.
 */
final class PeerFigures {
  /** The figures every run measures; each is a positive number after a run. */
  static final List<String> MEASURED = List.of(
      "raw_commits_per_s",
      "dbos_workflows_per_s", "dbos_p50_ms", "dbos_step_latency_ms",
      "operon_sagas_per_s", "operon_p50_ms", "operon_step_latency_ms",
      "db_scheduler_tasks_per_s", "db_scheduler_drain_tasks_per_s",
      "operon_queue_tasks_per_s", "operon_queue_drain_tasks_per_s");

  /** A ratio of two figures: {@code key} = {@code numerator} / {@code denominator}. */
  record Ratio(String key, String numerator, String denominator) {}

  static final List<Ratio> RATIOS = List.of(
      new Ratio("ratio_sagas_to_dbos", "operon_sagas_per_s", "dbos_workflows_per_s"),
      new Ratio("ratio_step_latency_to_dbos", "operon_step_latency_ms", "dbos_step_latency_ms"),
      new Ratio("ratio_queue_to_db_scheduler", "operon_queue_tasks_per_s", "db_scheduler_tasks_per_s"));

  private final Map<String, Object> figures = new LinkedHashMap<>();

  PeerFigures(PeersSettings settings) {
    figures.put("store", BackendUrl.parse(settings.store()).redacted());
    figures.put("scratch_database", null);
    figures.put("queue", settings.queue().equals("store") || settings.queue().equalsIgnoreCase("jdbc")
        ? "(the store's own queue)" : BackendUrl.parse(settings.queue()).redacted());
    figures.put("duration_s", settings.duration().toMillis() / 1000.0);
    figures.put("starters", settings.starters());
    figures.put("steps", settings.steps());
    figures.put("tasks", settings.tasks());
    figures.put("pool_size", settings.poolSize());
    figures.put("java", System.getProperty("java.version"));
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("load_average_at_start", loadAverage());
    for (String key : List.of("raw_commits_per_s", "raw_writers",
        "dbos_version", "dbos_workflows_per_s", "dbos_workflows_completed", "dbos_p50_ms", "dbos_step_latency_ms",
        "operon_sagas_per_s", "operon_sagas_completed", "operon_p50_ms", "operon_step_latency_ms",
        "db_scheduler_version", "db_scheduler_threads", "db_scheduler_polling", "db_scheduler_schedule_s",
        "db_scheduler_drain_s", "db_scheduler_tasks_per_s", "db_scheduler_drain_tasks_per_s",
        "operon_queue_consumers", "operon_queue_fetch_batch", "operon_queue_publish_s", "operon_queue_drain_s",
        "operon_queue_tasks_per_s", "operon_queue_drain_tasks_per_s")) {
      figures.put(key, null);
    }
    RATIOS.forEach(ratio -> figures.put(ratio.key(), null));
    figures.put("load_average_at_end", null);
  }

  void scratchDatabase(String name) {
    figures.put("scratch_database", name);
  }

  void rawCommits(long perSecond) {
    figures.put("raw_commits_per_s", perSecond);
    figures.put("raw_writers", RawCommitRate.WRITERS);
  }

  void dbos(WorkflowShapes shapes) {
    figures.put("dbos_version", DbosShapes.version());
    workflows("dbos_workflows", "dbos", shapes);
  }

  void operon(WorkflowShapes shapes) {
    workflows("operon_sagas", "operon", shapes);
  }

  void dbScheduler(DrainTiming timing) {
    figures.put("db_scheduler_version", DbSchedulerDrain.version());
    figures.put("db_scheduler_threads", DbSchedulerDrain.THREADS + " (its default)");
    figures.put("db_scheduler_polling", "lock-and-fetch " + DbSchedulerDrain.LOWER_LIMIT_FRACTION_OF_THREADS
        + ", " + DbSchedulerDrain.UPPER_LIMIT_FRACTION_OF_THREADS);
    drain("db_scheduler_schedule_s", "db_scheduler", timing);
  }

  void operonQueue(DrainTiming timing) {
    figures.put("operon_queue_consumers", OperonQueueDrain.CONSUMERS);
    figures.put("operon_queue_fetch_batch", OperonQueueDrain.FETCH_BATCH);
    drain("operon_queue_publish_s", "operon_queue", timing);
  }

  /** The figures with the ratios and the load average at the end. */
  Map<String, Object> finish() {
    for (Ratio ratio : RATIOS) {
      if (figures.get(ratio.numerator()) instanceof Number n && figures.get(ratio.denominator()) instanceof Number d
          && d.doubleValue() > 0) {
        figures.put(ratio.key(), round(n.doubleValue() / d.doubleValue(), 3));
      }
    }
    figures.put("load_average_at_end", loadAverage());
    return new LinkedHashMap<>(figures);
  }

  private void workflows(String prefix, String engine, WorkflowShapes shapes) {
    figures.put(prefix + "_per_s", Math.round(shapes.concurrent().perSecond()));
    figures.put(prefix + "_completed", shapes.concurrent().completed());
    figures.put(engine + "_p50_ms", round(shapes.concurrent().p50Millis(), 2));
    figures.put(engine + "_step_latency_ms", round(shapes.stepLatencyMillis(), 3));
  }

  private void drain(String publishKey, String prefix, DrainTiming timing) {
    figures.put(publishKey, round(timing.publishSeconds(), 3));
    figures.put(prefix + "_drain_s", round(timing.drainSeconds(), 3));
    figures.put(prefix + "_tasks_per_s", Math.round(timing.perSecond()));
    figures.put(prefix + "_drain_tasks_per_s", Math.round(timing.drainPerSecond()));
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static double loadAverage() {
    return round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
  }
}
