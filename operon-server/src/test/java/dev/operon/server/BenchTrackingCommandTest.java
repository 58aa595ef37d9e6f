package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTrackingCommandTest {
  @TempDir Path dir;

  @Test
  void trackingOnSqlitePrintsTheRatesTheStalledQueryItsPlanTheSagaOverheadAndCleansUp() throws Exception {
    Path file = dir.resolve("tracking.db");
    CliRun run = CliRun.of("bench", "tracking", "--store", "sqlite:" + file, "--json", "--duration", "0.3",
        "--threads", "4", "--operations", "20000");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    for (String key : List.of("raw_insert_per_s", "progress_updates_per_s", "progress_ratio_to_raw",
        "find_stalled_ms", "find_stalled_p99_ms", "saga_per_s_untracked", "saga_per_s_tracked")) {
      assertThat(json.get(key).isNumber()).as(key).isTrue();
      assertThat(json.get(key).asDouble()).as(key).isPositive();
    }
    assertThat(json.get("running_in_table").asLong()).as("1% of 20,000 and 10 per progress thread").isEqualTo(240);
    assertThat(json.get("find_stalled_returned").asInt()).as("nearly all 200 loaded running ones are older than 5 min")
        .isBetween(190, 200);
    assertThat(json.get("find_stalled_plan").asText()).contains("tracked_operations_going");
    assertThat(json.get("find_stalled_uses_going_index").asBoolean()).isTrue();
    assertThat(json.get("tracking_overhead").isNumber()).isTrue();
    assertThat(json.get("saga_tracked_operations_succeeded").asLong()).as("each saga and each of its 3 steps")
        .isGreaterThanOrEqualTo(4);
    assertThat(json.get("tables_dropped").asInt()).isPositive();
    assertThat(run.err()).contains("20,000 operations stored");
    assertThat(Files.exists(file)).as("the file this run created is deleted").isFalse();
  }

  @Test
  void trackingRejectsTooFewOperations() {
    CliRun run = CliRun.of("bench", "tracking", "--store", "memory:", "--operations", "10");
    assertThat(run.status()).isNotZero();
    assertThat(run.err()).contains("--operations must be between 1000 and 100000000, was 10");
  }
}
