package dev.operon.server.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one demo run.
 *
 * @param run the run's id (its orders are {@code o-<run>-<n>})
 * @param store the store URL, password redacted
 * @param queue the queue URL
 * @param workers worker processes started (0: the demo's own process ran the sagas)
 * @param killedWorkers worker processes killed with SIGKILL mid-run
 * @param started sagas started
 * @param completed sagas that completed (state COMPLETED)
 * @param compensated sagas rolled back after a failure or a timeout (state CANCELLED)
 * @param cancelled sagas cancelled on request, compensations run (state CANCELLED)
 * @param failed sagas that ended FAILED
 * @param lost sagas started but not finished when the wait bound ran out
 * @param duplicateSteps effects the services saw applied twice under different keys
 * @param absorbedReexecutions attempts the services answered from their ledger (same key again)
 * @param stepsRecordedTwice activity ids with two completions in a history (the engine's view)
 * @param transientRetries attempts that failed with a transient error and were retried
 * @param p50Millis median start-to-end latency, from the histories
 * @param p99Millis 99th percentile start-to-end latency
 * @param sagasPerSecond finished sagas per second, first start to last end
 * @param waitBoundSeconds how long the run waited for its sagas before counting the rest lost
 * @param examples one saga per outcome, as describe() reports it
 */
public record DemoSummary(
    String run, String store, String queue, int workers, int killedWorkers,
    int started, int completed, int compensated, int cancelled, int failed, int lost,
    long duplicateSteps, long absorbedReexecutions, int stepsRecordedTwice, int transientRetries,
    long p50Millis, long p99Millis, double sagasPerSecond, long waitBoundSeconds,
    Map<Outcome, String> examples) {

  /** The summary as one JSON object (the keys of the issue first, then the extra figures). */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("started", started);
    json.put("completed", completed);
    json.put("compensated", compensated);
    json.put("cancelled", cancelled);
    json.put("failed", failed);
    json.put("lost", lost);
    json.put("duplicate_steps", duplicateSteps);
    json.put("p50_ms", p50Millis);
    json.put("p99_ms", p99Millis);
    json.put("sagas_per_s", Math.round(sagasPerSecond * 10) / 10.0);
    json.put("store", store);
    json.put("queue", queue);
    json.put("run", run);
    json.put("workers", workers);
    json.put("killed_workers", killedWorkers);
    json.put("absorbed_reexecutions", absorbedReexecutions);
    json.put("steps_recorded_twice", stepsRecordedTwice);
    json.put("transient_retries", transientRetries);
    json.put("wait_bound_s", waitBoundSeconds);
    try {
      return new ObjectMapper().writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The summary as a table. */
  public void printTable(PrintWriter out) {
    out.println();
    out.println("Summary of run " + run);
    row(out, "started", started, "order sagas");
    row(out, "completed", completed, "approved and shipped (state COMPLETED)");
    row(out, "compensated", compensated, "rolled back after a failure or an approval timeout (state CANCELLED)");
    row(out, "cancelled", cancelled, "cancelled on request, compensations run (state CANCELLED)");
    row(out, "failed", failed, "failed with nothing to roll back, or a compensation failed (state FAILED)");
    row(out, "lost", lost, "not finished within the wait bound of " + waitBoundSeconds
        + " s (15 s + timeouts + 0.1 s per saga); must be 0");
    row(out, "duplicate steps", duplicateSteps, "effects applied twice under different keys, counted by the"
        + " services; must be 0");
    row(out, "re-executions absorbed", absorbedReexecutions, "attempts that found their idempotency key and"
        + " returned the stored result");
    row(out, "steps recorded twice", stepsRecordedTwice, "activity ids with two completions in a history");
    row(out, "transient retries", transientRetries, "attempts that failed once and were retried");
    out.printf(Locale.ROOT, "  %-24s %,d / %,d ms  start to end, from the histories%n", "latency p50 / p99",
        p50Millis, p99Millis);
    out.printf(Locale.ROOT, "  %-24s %.1f sagas/s  first start to last end%n", "throughput", sagasPerSecond);
    out.printf(Locale.ROOT, "  %-24s %s, queue %s, %s%n", "backends", store, queue, workers == 0
        ? "sagas run in this process" : workers + " worker processes, " + killedWorkers + " killed with SIGKILL");
    if (!examples.isEmpty()) {
      out.println();
      out.println("One saga of each outcome, as describe() reports it:");
      examples.forEach((outcome, line) -> out.printf(Locale.ROOT, "  %-12s %s%n", outcome.key(), line));
    }
    out.flush();
  }

  private static void row(PrintWriter out, String name, long value, String meaning) {
    out.printf(Locale.ROOT, "  %-24s %,7d  %s%n", name, value, meaning);
  }
}
