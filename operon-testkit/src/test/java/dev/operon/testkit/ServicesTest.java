package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ServicesTest {
  /** Values of CI that mark a CI run. */
  private static final String[] CI_RUNS = {"true", "1", "yes", "TRUE", "on"};
  /** Values of CI that do not; null stands for unset. */
  private static final String[] NOT_CI_RUNS = {"false", "FALSE", "False", "0", "", null};

  @Test
  void urlsPointAtTheLocalServices() {
    assertThat(Services.postgresUrl()).isEqualTo("postgres://127.0.0.1:5432/test?user=postgres");
    assertThat(Services.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
    assertThat(Services.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
  }

  @Test
  void reachableOnlyWhileSomethingListens() throws IOException {
    int port;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = server.getLocalPort();
      assertThat(Services.reachable(port)).isTrue();
    }
    assertThat(Services.reachable(port)).isFalse();
  }

  @Test
  void anyNonEmptyCiButFalseOrZeroIsACiRun() {
    for (String value : CI_RUNS) {
      assertThat(Services.isCi(value)).as("CI=%s", value).isTrue();
    }
    for (String value : NOT_CI_RUNS) {
      assertThat(Services.isCi(value)).as("CI=%s", value).isFalse();
    }
  }

  @Test
  void theCiScriptsAgreeOnWhatACiRunIs() throws Exception {
    Path script = Path.of("..", ".ci", "is-ci.sh").toAbsolutePath().normalize();
    Assumptions.assumeTrue(Files.isRegularFile(script), "the repository's .ci/is-ci.sh is at " + script);
    for (String value : CI_RUNS) {
      assertThat(shellSaysCi(script, value)).as("is_ci with CI=%s", value).isTrue();
    }
    for (String value : NOT_CI_RUNS) {
      assertThat(shellSaysCi(script, value)).as("is_ci with CI=%s", value).isFalse();
    }
  }

  @Test
  void summaryNamesThePortOfAContractClass() {
    abstract class Local extends EventStoreContract {}
    assertThat(ContractSummary.portOf(Local.class)).isEqualTo("EventStore");
    assertThat(ContractSummary.portOf(String.class)).isEqualTo("Unknown");
  }

  /** Runs is_ci of {@code script} in bash with CI set to {@code value} (null: unset). */
  private static boolean shellSaysCi(Path script, String value) throws Exception {
    ProcessBuilder bash = new ProcessBuilder("bash", "-c", "source \"$1\" && is_ci", "is-ci", script.toString())
        .redirectErrorStream(true);
    bash.environment().remove("CI");
    if (value != null) {
      bash.environment().put("CI", value);
    }
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("bash ended").isTrue();
    int status = process.exitValue();
    assertThat(status).as("exit status of is_ci with CI=%s (output: %s)", value, output).isIn(0, 1);
    return status == 0;
  }
}
