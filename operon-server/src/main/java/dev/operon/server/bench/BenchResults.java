package dev.operon.server.bench;

import dev.operon.spi.BackendUrl;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one storage benchmark run, with every required key present (null if not measured). */
final class BenchResults {
  private final Map<String, Object> figures = new LinkedHashMap<>();

  BenchResults(BackendUrl store, String queue, Duration phase, int payloadBytes) {
    figures.put("backend", store.scheme());
    figures.put("store", store.redacted());
    figures.put("queue_backend", queueBackend(store, queue));
    figures.put("queue", queue.equals("store") ? "(the store's own queue)" : BackendUrl.parse(queue).redacted());
    figures.put("duration_s_per_phase", phase.toMillis() / 1000.0);
    figures.put("payload_bytes", payloadBytes);
    for (String key : new String[] {
        "append_events_per_s", "append_single_stream_events_per_s", "append_single_stream_writers",
        "queue_tasks_per_s", "timer_claims_per_s", "raw_insert_rows_per_s",
        "raw_batch_insert_rows_per_s", "append_ratio_to_raw"}) {
      figures.put(key, null);
    }
  }

  synchronized void put(String key, Object value) {
    figures.put(key, value);
  }

  /** The figures, with append_ratio_to_raw computed when both sides were measured. */
  synchronized Map<String, Object> asMap() {
    Object append = figures.get("append_events_per_s");
    Object raw = figures.get("raw_insert_rows_per_s");
    if (append instanceof Number a && raw instanceof Number r && r.doubleValue() > 0) {
      figures.put("append_ratio_to_raw", Math.round(a.doubleValue() / r.doubleValue() * 1000) / 1000.0);
    }
    figures.put("java", System.getProperty("java.version"));
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    return new LinkedHashMap<>(figures);
  }

  private static String queueBackend(BackendUrl store, String queue) {
    if (queue.equals("store") || queue.equalsIgnoreCase("jdbc")) {
      return store.scheme();
    }
    return BackendUrl.parse(queue).scheme();
  }
}
