package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code operon demo commands}: the example service on two hosts, this process and a child process. */
class CommandsDemoTest {
  @TempDir Path dir;

  @Test
  void everyStockChangeOnHostAReachesHostBWhichReadsTheDatabaseOncePerChange() throws Exception {
    CliRun run = CliRun.of("demo", "commands", "--rounds", "5", "--json", "--store", "sqlite:" + dir.resolve("c.db"),
        "--notify", "fs:" + dir.resolve("signals"));
    assertThat(run.status()).as(run.err() + run.out()).isZero();
    JsonNode summary = new ObjectMapper().readTree(run.out());
    assertThat(summary.get("stale_answers_after_10s").asInt()).isZero();
    assertThat(summary.get("final_stock").asInt()).isEqualTo(95);
    assertThat(summary.get("host_b_database_reads").asInt()).as("once at first, then once per change").isEqualTo(6);
    assertThat(summary.get("invalidation_latency_p50_ms").asDouble()).isPositive();
  }

  @Test
  void benchCommandsWithoutAStoreSaysSoAndNamesItsPhases() {
    CliRun run = CliRun.of("bench", "commands");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--store=URL'", "--notify", "--rounds", "--duration",
        "JMH", "watcher");
  }
}
