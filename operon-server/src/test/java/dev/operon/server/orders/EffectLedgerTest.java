package dev.operon.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.server.orders.EffectLedger.LedgerCounts;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The services' ledger on every store the demo runs on: absorbed re-executions and duplicates. */
class EffectLedgerTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final BackendOptions OPTIONS = BackendOptions.defaults().withTablePrefix("ledger_");

  @TempDir Path dir;

  private String url(String store) {
    return switch (store) {
      case "memory" -> "memory:";
      case "sqlite" -> "sqlite:" + dir.resolve("ledger.db");
      default -> SCHEMA.url();
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite", "postgres"})
  void theSameKeyAgainReturnsTheStoredResultAndCountsAsAbsorbed(String store) {
    String run = "o-same" + store + "-";
    try (EffectLedger ledger = EffectLedger.open(url(store), OPTIONS)) {
      assertThat(ledger.apply(run + "1/2", run + "1", "charge", () -> "txn-a")).isEqualTo("txn-a");
      assertThat(ledger.apply(run + "1/2", run + "1", "charge", () -> "txn-b")).isEqualTo("txn-a");
      assertThat(ledger.counts(run)).isEqualTo(new LedgerCounts(1, 1, 0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite", "postgres"})
  void theSameOrderAndStepUnderAnotherKeyIsADuplicate(String store) {
    String run = "o-dup" + store + "-";
    try (EffectLedger ledger = EffectLedger.open(url(store), OPTIONS)) {
      ledger.apply(run + "1/2", run + "1", "charge", () -> "txn-a");
      ledger.apply(run + "1/3", run + "1", "refund", () -> "ref-a");
      assertThat(ledger.counts(run).duplicates()).isZero();
      ledger.apply(run + "1/7", run + "1", "charge", () -> "txn-b");
      assertThat(ledger.counts(run)).isEqualTo(new LedgerCounts(3, 0, 1));
      assertThat(ledger.counts("o-other-")).isEqualTo(new LedgerCounts(0, 0, 0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite", "postgres"})
  void concurrentAttemptsUnderOneKeyApplyTheEffectOnce(String store) throws Exception {
    String run = "o-race" + store + "-";
    try (EffectLedger ledger = EffectLedger.open(url(store), OPTIONS);
        ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Callable<String>> attempts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String result = "txn-" + i;
        attempts.add(() -> ledger.apply(run + "9/2", run + "9", "charge", () -> result));
      }
      Set<String> results = new HashSet<>();
      for (Future<String> f : pool.invokeAll(attempts)) {
        results.add(f.get());
      }
      assertThat(results).as("every attempt returns the one stored result").hasSize(1);
      assertThat(ledger.counts(run)).isEqualTo(new LedgerCounts(1, 7, 0));
    }
  }
}
