package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code operon demo documents}: two stores edit one shopping list at once, converge, and refuse a tampered change. */
class DocumentsDemoTest {
  @TempDir Path dir;

  @Test
  void twoStoresConvergeToTheSameHashAndATamperedOperationIsRefused() throws Exception {
    CliRun run = CliRun.of("demo", "documents", "--json", "--store-a", "sqlite:" + dir.resolve("alice.db"),
        "--store-b", "sqlite:" + dir.resolve("bob.db"));

    assertThat(run.status()).as(run.err() + run.out()).isZero();
    JsonNode summary = new ObjectMapper().readTree(run.out());
    assertThat(summary.get("converged").asBoolean()).isTrue();
    assertThat(summary.get("hash_a").asText()).isEqualTo(summary.get("hash_b").asText()).isNotBlank();
    assertThat(summary.get("merged_operations").asInt()).isEqualTo(6);
    assertThat(summary.get("items").asInt()).isEqualTo(3);
    assertThat(summary.get("tampered_operation_refused").asBoolean()).isTrue();
  }

  @Test
  void theNarrationShowsBothSidesTheHashesAndTheRefusal() {
    CliRun run = CliRun.of("demo", "documents", "--store-a", "sqlite:" + dir.resolve("a.db"),
        "--store-b", "memory");

    assertThat(run.status()).as(run.err() + run.out()).isZero();
    assertThat(run.out()).contains("Alice sees:", "Bob sees:", "(equal)", "refused:",
        "its signature is for another action");
  }

  @Test
  void benchDocumentsPrintsEveryFigureItPromises() throws Exception {
    CliRun run = CliRun.of("bench", "documents", "--store", "memory", "--duration", "0.3", "--history", "10000",
        "--json");

    assertThat(run.status()).as(run.err()).isZero();
    JsonNode figures = new ObjectMapper().readTree(run.out());
    for (String figure : new String[] {"ops_per_s_one_document", "p50_ms_one_document", "ops_per_s_100_documents",
        "reducer_ops_per_s_in_memory", "load_ms_with_keyframes_10000", "load_ms_without_keyframes_10000",
        "sync_ops_per_s", "sync_lag_p99_ms", "ops_per_s_one_document_unsigned"}) {
      assertThat(figures.has(figure)).as(figure).isTrue();
    }
    assertThat(figures.get("ops_per_s_one_document").asLong()).isPositive();
    assertThat(CliRun.of("bench", "documents").err()).contains("Missing required option: '--store=URL'",
        "--history");
  }
}
