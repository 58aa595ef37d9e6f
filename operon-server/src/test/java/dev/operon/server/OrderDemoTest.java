package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code operon demo}: order sagas in this process, on a SQLite file and in memory. */
class OrderDemoTest {
  @TempDir Path dir;

  @Test
  void fiftySagasOnSqliteReachEveryOutcomeWithNoneLostAndNoStepTwice() throws Exception {
    CliRun run = CliRun.of("demo", "--sagas", "50", "--json", "--store", "sqlite:" + dir.resolve("demo.db"));
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(run.out());
    assertThat(summary.isObject()).as(run.out()).isTrue();
    assertThat(summary.fieldNames()).toIterable().contains("started", "completed", "compensated", "cancelled",
        "failed", "lost", "duplicate_steps", "p50_ms", "p99_ms", "sagas_per_s", "store", "queue");
    assertThat(summary.get("started").asInt()).isEqualTo(50);
    assertThat(summary.get("completed").asInt() + summary.get("compensated").asInt()
        + summary.get("cancelled").asInt() + summary.get("failed").asInt() + summary.get("lost").asInt())
        .isEqualTo(50);
    assertThat(summary.get("lost").asInt()).isZero();
    assertThat(summary.get("duplicate_steps").asInt()).isZero();
    assertThat(summary.get("steps_recorded_twice").asInt()).isZero();
    assertThat(summary.get("unexpected_outcomes").asInt()).as(run.out()).isZero();
    assertThat(summary.has("last_end_after_kill_ms")).as("nothing was killed").isFalse();
    for (String outcome : new String[] {"completed", "compensated", "cancelled", "failed"}) {
      assertThat(summary.get(outcome).asInt()).as(outcome + " in " + run.out()).isPositive();
    }
    assertThat(summary.get("transient_retries").asInt()).as("flaky steps were retried").isPositive();
    assertThat(summary.get("p99_ms").asLong()).isGreaterThanOrEqualTo(summary.get("p50_ms").asLong());
    assertThat(summary.get("sagas_per_s").asDouble()).isPositive();
    assertThat(summary.get("store").asText()).startsWith("sqlite:");
    assertThat(summary.get("queue").asText()).isEqualTo("local");
    JsonNode tracked = summary.get("tracked_operations");
    assertThat(tracked.path("Saga").path("SUCCEEDED").asInt()).isEqualTo(summary.get("completed").asInt());
    int sagasTracked = 0;
    for (JsonNode count : tracked.get("Saga")) {
      sagasTracked += count.asInt();
    }
    assertThat(sagasTracked).as("every saga is a tracked operation").isEqualTo(50);
    assertThat(tracked.path("Activity").path("SUCCEEDED").asInt()).isPositive();
    assertThat(tracked.path("Activity").path("FAILED").asInt()).as("declined, out of stock, undeliverable").isPositive();
    assertThat(tracked.path("Activity").has("RUNNING")).as("every step ended with its saga").isFalse();
    assertThat(summary.get("stalled_reported").asInt()).as("the hanging reservation").isGreaterThanOrEqualTo(1);
    assertThat(summary.get("stalled_examples").get(0).asText()).startsWith("Activity.reserve-inventory o-");
  }

  @Test
  void withoutAHangNothingIsReportedStalled() throws Exception {
    CliRun run = CliRun.of("demo", "--sagas", "10", "--json", "--store", "memory:", "--hang", "0s",
        "--stall-threshold", "30s");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(run.out());
    assertThat(summary.get("stalled_reported").asInt()).isZero();
    assertThat(summary.get("tracked_operations").get("Saga")).isNotEmpty();
  }

  @Test
  void theTableNamesEveryFigureAndOneSagaPerOutcome() {
    CliRun run = CliRun.of("demo", "--sagas", "20", "--store", "memory:", "--sleep", "50ms",
        "--approval-timeout", "500ms");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("started", "completed", "compensated", "cancelled", "failed", "lost",
        "unexpected outcomes", "duplicate steps", "lost attempts", "re-executions absorbed", "latency p50 / p99", "sagas/s", "wait bound");
    assertThat(run.out()).contains("COMPLETED", "CANCELLED (CANCELLED:", "FAILED (");
    assertThat(run.out()).contains("Tracked operations of the run, by status:", "reported stalled");
    assertThat(run.err()).contains("20/20 finished");
  }

  @Test
  void helpNamesTheWorkloadOptionsAndTheStorageWalkThrough() {
    CliRun run = CliRun.of("demo", "--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("--sagas", "--json", "--workers", "--kill-worker-after", "--kill-all-workers-at",
        "--attempt-lease", "--cancel-rate", "--approval-timeout", "ports");
  }

  @Test
  void workersNeedAQueueTheProcessesShare() {
    CliRun run = CliRun.of("demo", "--sagas", "5", "--workers", "2", "--store", "sqlite:" + dir.resolve("w.db"));
    assertThat(run.status()).isEqualTo(OperonCli.ERROR_EXIT);
    assertThat(run.err()).contains("--workers 2 needs a queue", "--queue jdbc");
  }

  @Test
  void badSettingsAreRejectedByName() {
    assertThat(CliRun.of("demo", "--sagas", "0", "--store", "memory:").err()).contains("--sagas must be between 1");
    assertThat(CliRun.of("demo", "--cancel-rate", "1.5", "--store", "memory:").err())
        .contains("--cancel-rate must be between 0 and 1, was 1.5");
    assertThat(CliRun.of("demo", "--kill-worker-after", "2s", "--store", "memory:").err())
        .contains("--kill-worker-after needs --workers 2 or more");
    assertThat(CliRun.of("demo", "--sleep", "soon", "--store", "memory:").err()).contains("'soon' is not a duration");
    assertThat(CliRun.of("demo", "--kill-all-workers-at", "1s", "--store", "memory:").err())
        .contains("--kill-all-workers-at needs --workers 1 or more, was --workers 0");
    assertThat(CliRun.of("demo", "--workers", "2", "--kill-all-workers-at", "3s,1s", "--store", "memory:").err())
        .contains("--kill-all-workers-at takes increasing durations such as 1s,3s, was [PT3S, PT1S]");
    assertThat(CliRun.of("demo", "--workers", "2", "--kill-all-workers-at", "0s", "--store", "memory:").err())
        .contains("--kill-all-workers-at takes positive durations");
    assertThat(CliRun.of("demo", "--workers", "2", "--kill-all-workers-at", "1s", "--kill-worker-after", "2s",
        "--store", "memory:").err()).contains("--kill-all-workers-at and --kill-worker-after cannot be combined");
    assertThat(CliRun.of("demo", "--attempt-lease", "500ms", "--store", "memory:").err())
        .contains("--attempt-lease must be at least 1s, was PT0.5S");
    assertThat(CliRun.of("demo", "--stall-threshold", "0s", "--store", "memory:").err())
        .contains("--stall-threshold must be a positive duration");
  }
}
