package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.nats.NatsTaskQueue;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaDescription;
import dev.operon.saga.SagaEngine;
import dev.operon.server.orders.EffectLedger;
import dev.operon.server.orders.OrderEngine;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.PostgresSchema;
import dev.operon.testkit.Services;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code operon demo --workers 3 --kill-worker-after ...} on PostgreSQL and NATS: three worker
 * JVMs, one killed with SIGKILL mid-run. Skipped if PostgreSQL or NATS is down (unless CI=true).
 */
class OrderDemoAcrossProcessesTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final int SAGAS = 80;

  private String prefix;

  @BeforeEach
  void freshPrefix() {
    Services.requireNats();
    prefix = "demo_" + Long.toString(System.nanoTime(), 36).toLowerCase(Locale.ROOT);
  }

  @AfterEach
  void deleteStreams() {
    try (NatsTaskQueue queue = NatsTaskQueue.open(BackendUrl.parse(Services.natsUrl()),
        BackendOptions.defaults().withTablePrefix(prefix))) {
      queue.deleteStreams();
    }
  }

  @Test
  void aWorkerKilledMidRunLosesNoSagaAndRunsNoStepTwice() throws Exception {
    CliRun run = CliRun.of("demo", "--json", "--sagas", String.valueOf(SAGAS), "--store", SCHEMA.url(),
        "--queue", Services.natsUrl(), "--workers", "3", "--kill-worker-after", "1s", "--prefix", prefix);
    assertThat(run.status()).as(run.out() + run.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(run.out());
    assertThat(summary.get("workers").asInt()).isEqualTo(3);
    assertThat(summary.get("killed_workers").asInt()).isEqualTo(1);
    assertThat(summary.get("started").asInt()).isEqualTo(SAGAS);
    assertThat(summary.get("lost").asInt()).as(run.out()).isZero();
    assertThat(summary.get("duplicate_steps").asInt()).as(run.out()).isZero();
    assertThat(summary.get("completed").asInt() + summary.get("compensated").asInt()
        + summary.get("cancelled").asInt() + summary.get("failed").asInt()).isEqualTo(SAGAS);
    assertThat(summary.get("queue").asText()).startsWith("nats://");

    String runId = summary.get("run").asText();
    BackendOptions options = OrderEngine.backendOptions(prefix);
    try (OpenBackends backends = OpenBackends.open(new PortUrls(SCHEMA.url(), "jdbc", "local"), options);
        EffectLedger ledger = EffectLedger.open(SCHEMA.url(), options);
        SagaEngine client = OrderEngine.build(backends, ledger, Duration.ofSeconds(5), Duration.ofSeconds(5), 0)) {
      for (int i = 1; i <= SAGAS; i++) {
        SagaDescription saga = client.describe("o-" + runId + "-" + i);
        assertThat(saga.terminal()).as(saga.sagaId() + " is " + saga.state()).isTrue();
        assertThat(completionsPerStep(saga).values()).as(saga.sagaId() + " records a step twice")
            .allMatch(n -> n == 1);
      }
      assertThat(ledger.counts("o-" + runId + "-").duplicates()).isZero();
    }
  }

  private static Map<String, Integer> completionsPerStep(SagaDescription saga) {
    Map<String, Integer> completions = new HashMap<>();
    for (HistoryEvent e : saga.history()) {
      if (e.eventType() == EventType.ACTIVITY_TASK_COMPLETED) {
        completions.merge(e.text("activity_id"), 1, Integer::sum);
      }
    }
    return completions;
  }
}
