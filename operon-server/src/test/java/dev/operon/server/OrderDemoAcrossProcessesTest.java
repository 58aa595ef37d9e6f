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
import dev.operon.server.orders.Fate;
import dev.operon.server.orders.OrderEngine;
import dev.operon.server.orders.Outcome;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.Services;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code operon demo --workers 3} on PostgreSQL and NATS with workers killed with SIGKILL mid-run:
 * every saga reaches the outcome its order's fate plans (none compensated because of the crash),
 * none is lost, no step is applied twice. Skipped if PostgreSQL or NATS is down (unless on CI).
 * Each test starts and kills worker JVMs, and one waits out a 30 s lease by design, so they may
 * take longer than the default timeout of 2 minutes on a busy machine: they have 5.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OrderDemoAcrossProcessesTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final int SAGAS = 60;

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
  void everyWorkerKilledTwiceAndReplacedLosesNoSagaAndChangesNoOutcome() throws Exception {
    JsonNode summary = demo("--kill-all-workers-at", "1s,3s");
    assertThat(summary.get("killed_workers").asInt()).as(summary.toString()).isEqualTo(6);
    assertThat(summary.get("replaced_workers").asInt()).as(summary.toString()).isEqualTo(6);
    assertThat(summary.get("kills_at_ms")).as(summary.toString()).hasSize(2);
    assertThat(summary.get("in_flight_at_kills")).as("each kill hit sagas in flight: " + summary)
        .hasSize(2).allMatch(n -> n.asInt() > 0);
    assertEveryHistoryAsPlanned(summary);
  }

  @Test
  void oneOfThreeWorkersKilledForGoodHasItsSagasFinishedByTheSurvivorsWithinAMinute() throws Exception {
    // the engine's default lease, and an attempt timeout beyond it, so a killed worker's attempts
    // come back through their leases (recorded worker_lost), not through their timeouts; should one
    // come back only at its deadline, that is still within the minute
    JsonNode summary = demo("--kill-worker-after", "1s", "--attempt-lease", "30s", "--activity-timeout", "45s");
    assertThat(summary.get("killed_workers").asInt()).as(summary.toString()).isEqualTo(1);
    assertThat(summary.get("replaced_workers").asInt()).as(summary.toString()).isZero();
    assertThat(summary.get("in_flight_at_kills")).as("the kill hit sagas in flight: " + summary)
        .singleElement().matches(n -> n.asInt() > 0);
    assertThat(summary.get("last_end_after_kill_ms").asLong()).as(summary.toString()).isLessThan(60_000);
    assertEveryHistoryAsPlanned(summary);
  }

  /** Runs the demo with three workers and {@code kills}; returns its summary once it passed. */
  private JsonNode demo(String... kills) throws Exception {
    List<String> args = new ArrayList<>(List.of("demo", "--json", "--sagas", String.valueOf(SAGAS), "--store",
        SCHEMA.url(), "--queue", Services.natsUrl(), "--workers", "3", "--prefix", prefix));
    args.addAll(List.of(kills));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.status()).as(run.out() + run.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(run.out());
    assertThat(summary.get("workers").asInt()).isEqualTo(3);
    assertThat(summary.get("started").asInt()).isEqualTo(SAGAS);
    assertThat(summary.get("lost").asInt()).as(run.out()).isZero();
    assertThat(summary.get("duplicate_steps").asInt()).as(run.out()).isZero();
    assertThat(summary.get("steps_recorded_twice").asInt()).as(run.out()).isZero();
    assertThat(summary.get("unexpected_outcomes").asInt()).as(run.out()).isZero();
    assertThat(summary.get("completed").asInt() + summary.get("compensated").asInt()
        + summary.get("cancelled").asInt() + summary.get("failed").asInt()).isEqualTo(SAGAS);
    assertThat(summary.get("queue").asText()).startsWith("nats://");
    return summary;
  }

  /**
   * Reads every saga of the run back, apart from the demo's own tally: each is finished, at the
   * outcome its input's fate plans, with each step completed once in its history; the services'
   * ledger saw no step twice.
   */
  private void assertEveryHistoryAsPlanned(JsonNode summary) {
    String runId = summary.get("run").asText();
    BackendOptions options = OrderEngine.backendOptions(prefix);
    Duration any = Duration.ofSeconds(5);
    try (OpenBackends backends = OpenBackends.open(new PortUrls(SCHEMA.url(), "jdbc", "local"), options);
        EffectLedger ledger = EffectLedger.open(SCHEMA.url(), options);
        SagaEngine client = OrderEngine.build(backends, ledger, any, any, 0)) {
      for (int i = 1; i <= SAGAS; i++) {
        SagaDescription saga = client.describe("o-" + runId + "-" + i);
        assertThat(saga.terminal()).as(saga.sagaId() + " is " + saga.state()).isTrue();
        Fate fate = Fate.valueOf(saga.history().getFirst().attributes().path("input").path("fate").asText());
        assertThat(Outcome.of(saga)).as(saga.sagaId() + " of fate " + fate + ", " + saga.failure())
            .isEqualTo(fate.expected());
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
