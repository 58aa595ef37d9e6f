package dev.operon.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.bench.peers.PeerFigures.Ratio;
import dev.operon.testkit.Services;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class PeersBenchmarkTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aShortRunOnPostgresPrintsEveryFigureAndItsRatiosAndDropsItsDatabase() throws Exception {
    Services.requirePostgres();
    Run run = Run.of("--store", Services.postgresUrl(), "--json", "--duration", "1", "--tasks", "500",
        "--starters", "4", "--steps", "3");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    for (String key : PeerFigures.MEASURED) {
      assertThat(json.path(key).isNumber()).as(key + " in " + json).isTrue();
      assertThat(json.get(key).asDouble()).as(key).isPositive();
    }
    for (Ratio ratio : PeerFigures.RATIOS) {
      double expected = json.get(ratio.numerator()).asDouble() / json.get(ratio.denominator()).asDouble();
      // printed with 3 decimals
      assertThat(json.path(ratio.key()).asDouble()).as(ratio.key()).isCloseTo(expected, within(0.00051));
    }
    for (String key : new String[] {"java", "cores", "load_average_at_start", "load_average_at_end"}) {
      assertThat(json.hasNonNull(key)).as(key).isTrue();
    }
    String database = json.get("scratch_database").asText();
    assertThat(database).startsWith(ScratchDatabase.PREFIX);
    assertThat(ScratchDatabase.exists(Services.postgresUrl(), database)).as(database + " is dropped").isFalse();
    assertThat(run.err()).contains("[5/5]", "cleaned up: dropped database " + database);
  }

  @Test
  void aStoreOtherThanPostgresIsRefusedSayingThePeersNeedPostgres() {
    for (String store : new String[] {"sqlite:" + dir.resolve("peers.db"), "memory:"}) {
      Run run = Run.of("--store", store, "--json");
      assertThat(run.status()).as(store).isEqualTo(PeersMain.ERROR_EXIT);
      assertThat(run.err()).contains("bench peers needs PostgreSQL, but --store is " + store.split("\\?")[0]);
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void zeroTasksAreRefusedNamingTheFlag() {
    Run run = Run.of("--store", "postgres://127.0.0.1:5432/test", "--tasks", "0");
    assertThat(run.status()).isEqualTo(PeersMain.ERROR_EXIT);
    assertThat(run.err()).contains("--tasks must be between 1 and 1,000,000, was 0");
  }

  @Test
  void aQueueThatIsNotDurableIsRefusedNamingTheFlag() {
    Run run = Run.of("--store", "postgres://127.0.0.1:5432/test", "--queue", "local");
    assertThat(run.status()).isEqualTo(PeersMain.ERROR_EXIT);
    assertThat(run.err()).contains("--queue must be store");
  }

  @Test
  void helpPrintsEveryOption() {
    Run run = Run.of("--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("--store=URL", "--queue=URL", "--json", "--duration=SECONDS", "--tasks=N",
        "--starters=N", "--steps=N");
  }

  /** One run of the command: its exit status and what it printed. */
  record Run(int status, String out, String err) {
    static Run of(String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int status = PeersMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Run(status, out.toString(), err.toString());
    }
  }
}
