package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.spi.Backends;
import dev.operon.testkit.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandsTest {
  private static final List<String> KEYS = List.of("backend", "append_events_per_s",
      "append_single_stream_events_per_s", "append_single_stream_writers", "queue_tasks_per_s",
      "queue_backend", "timer_claims_per_s", "raw_insert_rows_per_s", "raw_batch_insert_rows_per_s",
      "append_ratio_to_raw", "duration_s_per_phase");

  @TempDir Path dir;

  @Test
  void storageOnMemoryPrintsOneJsonObjectWithEveryKey() throws Exception {
    CliRun run = CliRun.of("bench", "storage", "--store", "memory:", "--json", "--duration", "0.2");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.isObject()).isTrue();
    KEYS.forEach(key -> assertThat(json.has(key)).as(key).isTrue());
    assertThat(json.get("backend").asText()).isEqualTo("memory");
    assertThat(json.get("append_events_per_s").asLong()).isPositive();
    assertThat(json.get("queue_tasks_per_s").asLong()).isPositive();
    assertThat(json.get("timer_claims_per_s").asLong()).isPositive();
    assertThat(json.get("raw_insert_rows_per_s").isNull()).isTrue();
    assertThat(run.err()).contains("append, 16 writers");
  }

  @Test
  void storageOnSqliteMeasuresTheRawBaselineAndCleansUp() throws Exception {
    assumeTrue(Backends.knownSchemes().contains("sqlite"), "the sqlite adapter is not on the class path yet");
    Path file = dir.resolve("bench.db");
    CliRun run = CliRun.of("bench", "storage", "--store", "sqlite:" + file, "--json", "--duration", "0.3");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("raw_insert_rows_per_s").asLong()).isPositive();
    assertThat(json.get("raw_batch_insert_rows_per_s").asLong()).isPositive();
    assertThat(json.get("append_ratio_to_raw").isNumber()).isTrue();
    assertThat(Files.exists(file)).as("the file this run created is deleted").isFalse();
  }

  @Test
  void storageOnPostgresMeasuresTheRawBaselineAndDropsItsTables() throws Exception {
    assumeTrue(Backends.knownSchemes().contains("postgres"), "the postgres adapter is not on the class path yet");
    Services.requirePostgres();
    CliRun run = CliRun.of("bench", "storage", "--store", Services.postgresUrl(), "--json",
        "--duration", "0.3");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("backend").asText()).isEqualTo("postgres");
    assertThat(json.get("raw_insert_rows_per_s").asLong()).isPositive();
    assertThat(json.get("tables_dropped").asInt()).isPositive();
    assertThat(run.err()).contains("cleaned up: dropped");
  }

  @Test
  void storageWithoutJsonPrintsATable() {
    CliRun run = CliRun.of("bench", "storage", "--store", "memory:", "--duration", "0.1");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("append_events_per_s +[0-9,]+");
  }

  @Test
  void sagaOnSqlitePrintsThroughputLatencyStepOverheadReplayAndTheRawLimit() throws Exception {
    Path file = dir.resolve("sagas.db");
    CliRun run = CliRun.of("bench", "saga", "--store", "sqlite:" + file, "--json", "--duration", "0.5");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    for (String key : List.of("sagas_per_s", "p50_ms", "p99_ms", "step_overhead_p50_ms",
        "replay_10k_ms_with_snapshots", "replay_10k_ms_without_snapshots", "raw_insert_rows_per_s")) {
      assertThat(json.get(key).isNumber()).as(key).isTrue();
    }
    assertThat(json.get("sagas_completed").asLong()).isPositive();
    assertThat(json.get("events_per_saga").asInt()).isEqualTo(8);
    assertThat(json.get("replay_events").asInt()).isEqualTo(10_000);
    assertThat(json.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(json.get("p50_ms").asDouble());
    assertThat(Files.exists(file)).as("the file this run created is deleted").isFalse();
  }

  @Test
  void sagaRejectsABadStarterCount() {
    CliRun run = CliRun.of("bench", "saga", "--store", "memory:", "--starters", "0");
    assertThat(run.status()).isNotZero();
    assertThat(run.err()).contains("--starters must be between 1 and 1024, was 0");
  }

  @Test
  void codecsPrintEveryCodecAndSize() throws Exception {
    CliRun run = CliRun.of("bench", "codecs", "--json", "--rounds", "1", "--round-ms", "5");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode results = new ObjectMapper().readTree(run.out()).get("results");
    assertThat(results).hasSize(9);
    assertThat(results.findValuesAsText("codec")).contains("json", "smile", "cbor");
    results.forEach(row -> assertThat(row.get("bytes_per_event").asLong()).isPositive());
  }
}
