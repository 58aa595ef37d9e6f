package dev.operon.server.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of one demo run.
 *
 * @param run the run's id (its orders are {@code o-<run>-<n>})
 * @param store the store URL, password redacted
 * @param queue the queue URL
 * @param workers worker processes running at once (0: the demo's own process ran the sagas)
 * @param kills the worker processes killed with SIGKILL mid-run, and what they hit
 * @param started sagas started
 * @param completed sagas that completed (state COMPLETED)
 * @param compensated sagas rolled back after a failure or a timeout (state CANCELLED)
 * @param cancelled sagas cancelled on request, compensations run (state CANCELLED)
 * @param failed sagas that ended FAILED
 * @param lost sagas started but not finished when the wait bound ran out
 * @param unexpectedOutcomes finished sagas whose outcome is not the one their fate plans, one line each
 * @param duplicateSteps effects the services saw applied twice under different keys
 * @param absorbedReexecutions attempts the services answered from their ledger (same key again)
 * @param stepsRecordedTwice activity ids with two completions in a history (the engine's view)
 * @param transientRetries attempts that failed with a transient error and were retried
 * @param lostAttempts attempts recorded as lost with their worker ({@code worker_lost}) and run again
 * @param p50Millis median start-to-end latency, from the histories
 * @param p99Millis 99th percentile start-to-end latency
 * @param sagasPerSecond finished sagas per second, first start to last end
 * @param waitBoundSeconds how long the run waited for its sagas before counting the rest lost
 * @param examples one saga per outcome, as describe() reports it
 */
public record DemoSummary(
    String run, String store, String queue, int workers, Kills kills,
    int started, int completed, int compensated, int cancelled, int failed, int lost,
    List<String> unexpectedOutcomes, long duplicateSteps, long absorbedReexecutions, int stepsRecordedTwice,
    int transientRetries, int lostAttempts, long p50Millis, long p99Millis, double sagasPerSecond,
    long waitBoundSeconds, Map<Outcome, String> examples, TrackedCounts tracked) {
  /** How many unexpected outcomes the JSON and the table name. */
  static final int UNEXPECTED_SHOWN = 5;

  public DemoSummary {
    unexpectedOutcomes = List.copyOf(unexpectedOutcomes);
  }

  /**
   * Whether the run kept every promise: no saga lost, no step run twice (by the services' count or
   * by a history), every saga at the outcome its fate plans. The demo's exit status is 1 otherwise.
   */
  public boolean passed() {
    return lost == 0 && duplicateSteps == 0 && stepsRecordedTwice == 0 && unexpectedOutcomes.isEmpty();
  }

  /**
   * The kills of a run.
   *
   * @param killed worker processes killed with SIGKILL
   * @param replaced fresh worker processes started in place of killed ones
   * @param atMillis when each kill happened, in ms after the first saga start
   * @param inFlight for each kill, the sagas that had started before it and ended after it
   * @param lastEndAfterKillMillis the last saga end minus the last kill's time (both on the machine's
   *     wall clock); null if nothing was killed or nothing finished
   */
  public record Kills(int killed, int replaced, List<Long> atMillis, List<Integer> inFlight,
      Long lastEndAfterKillMillis) {
    /** A run that killed nothing. */
    public static final Kills NONE = new Kills(0, 0, List.of(), List.of(), null);

    public Kills {
      atMillis = List.copyOf(atMillis);
      inFlight = List.copyOf(inFlight);
    }
  }

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
    json.put("unexpected_outcomes", unexpectedOutcomes.size());
    json.put("unexpected_examples", unexpectedOutcomes.stream().limit(UNEXPECTED_SHOWN).toList());
    json.put("workers", workers);
    json.put("killed_workers", kills.killed());
    json.put("replaced_workers", kills.replaced());
    if (kills.killed() > 0) {
      json.put("kills_at_ms", kills.atMillis());
      json.put("in_flight_at_kills", kills.inFlight());
      json.put("last_end_after_kill_ms", kills.lastEndAfterKillMillis());
    }
    json.put("absorbed_reexecutions", absorbedReexecutions);
    json.put("steps_recorded_twice", stepsRecordedTwice);
    json.put("transient_retries", transientRetries);
    json.put("lost_attempts", lostAttempts);
    json.put("wait_bound_s", waitBoundSeconds);
    json.put("tracked_operations", tracked.byKind());
    json.put("stalled_reported", tracked.stalled().size());
    json.put("stalled_examples", tracked.stalled().stream().limit(UNEXPECTED_SHOWN).toList());
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
        + " s (15 s + timeouts + 0.1 s per saga" + (kills.killed() > 0 ? " + last kill + lease" : "") + "); must be 0");
    row(out, "unexpected outcomes", unexpectedOutcomes.size(), "ended otherwise than their order's fate plans"
        + " without a crash; must be 0");
    unexpectedOutcomes.stream().limit(UNEXPECTED_SHOWN).forEach(line -> out.println("    " + line));
    if (unexpectedOutcomes.size() > UNEXPECTED_SHOWN) {
      out.println("    ... and " + (unexpectedOutcomes.size() - UNEXPECTED_SHOWN) + " more");
    }
    row(out, "duplicate steps", duplicateSteps, "effects applied twice under different keys, counted by the"
        + " services; must be 0");
    row(out, "re-executions absorbed", absorbedReexecutions, "attempts that found their idempotency key and"
        + " returned the stored result");
    row(out, "steps recorded twice", stepsRecordedTwice, "activity ids with two completions in a history;"
        + " must be 0");
    row(out, "transient retries", transientRetries, "attempts that failed once and were retried");
    row(out, "lost attempts", lostAttempts, "attempts whose worker died (worker_lost), run again");
    out.printf(Locale.ROOT, "  %-24s %,d / %,d ms  start to end, from the histories%n", "latency p50 / p99",
        p50Millis, p99Millis);
    out.printf(Locale.ROOT, "  %-24s %.1f sagas/s  first start to last end%n", "throughput", sagasPerSecond);
    out.printf(Locale.ROOT, "  %-24s %s, queue %s, %s%n", "backends", store, queue, workers == 0
        ? "sagas run in this process" : workers + " worker processes");
    if (kills.killed() > 0) {
      printKills(out);
    }
    printTracked(out);
    if (!examples.isEmpty()) {
      out.println();
      out.println("One saga of each outcome, as describe() reports it:");
      examples.forEach((outcome, line) -> out.printf(Locale.ROOT, "  %-12s %s%n", outcome.key(), line));
    }
    out.flush();
  }

  private void printTracked(PrintWriter out) {
    out.println();
    out.println("Tracked operations of the run, by status:");
    tracked.byKind().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(kind -> out.printf(Locale.ROOT,
        "  %-24s %s%n", kind.getKey(), kind.getValue().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
    out.printf(Locale.ROOT, "  %-24s %,7d%n", "reported stalled", tracked.stalled().size());
    tracked.stalled().stream().limit(UNEXPECTED_SHOWN).forEach(line -> out.println("    " + line));
  }

  private void printKills(PrintWriter out) {
    String at = kills.atMillis().stream().map(ms -> String.format(Locale.ROOT, "%.1f s", ms / 1000.0))
        .collect(Collectors.joining(", "));
    out.printf(Locale.ROOT, "  %-24s %,7d  killed with SIGKILL at %s after the first start%s%n", "killed workers",
        kills.killed(), at, kills.replaced() == 0 ? ", not replaced" : "; " + kills.replaced() + " started in"
            + " their place");
    out.printf(Locale.ROOT, "  %-24s %7s  sagas started before and ended after each kill%n", "in flight at kills",
        kills.inFlight().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    if (kills.lastEndAfterKillMillis() != null) {
      out.printf(Locale.ROOT, "  %-24s %,7d  ms from the last kill to the last saga end%n", "last end after kill",
          kills.lastEndAfterKillMillis());
    }
  }

  private static void row(PrintWriter out, String name, long value, String meaning) {
    out.printf(Locale.ROOT, "  %-24s %,7d  %s%n", name, value, meaning);
  }
}
