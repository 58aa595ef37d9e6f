package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchServerCommandTest {
  @TempDir Path dir;

  @Test
  void serverOnSqlitePrintsStartsThroughTheApiBesideTheEnginesAndListPagesThenCleansUp() throws Exception {
    Path file = dir.resolve("server.db");
    CliRun run = CliRun.of("bench", "server", "--store", "sqlite:" + file, "--json", "--duration", "1",
        "--sagas", "5000");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    for (String key : List.of("engine_starts_per_s", "api_starts_per_s", "ratio_api_to_engine_starts",
        "api_start_p50_ms", "api_start_p99_ms", "list_first_page_ms", "list_state_page_ms", "list_type_page_ms",
        "counts_ms", "list_page_1000_ms")) {
      assertThat(json.get(key).isNumber()).as(key).isTrue();
      assertThat(json.get(key).asDouble()).as(key).isPositive();
    }
    assertThat(json.get("sagas_stored").asInt()).isEqualTo(5000);
    assertThat(json.get("tables_dropped").asInt()).isPositive();
    assertThat(run.err()).contains("5,000 sagas in");
    assertThat(Files.exists(file)).as("the file this run created is deleted").isFalse();
  }

  @Test
  void serverRejectsAnEmptyStore() {
    CliRun run = CliRun.of("bench", "server", "--store", "memory:", "--sagas", "0");
    assertThat(run.status()).isNotZero();
    assertThat(run.err()).contains("--sagas must be between 1 and 100,000,000, was 0");
  }
}
