package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.operon.spi.Backends;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
  @TempDir Path dir;

  @Test
  void inMemoryBackendsAreOk() {
    CliRun run = CliRun.of("doctor", "--store", "memory:", "--queue", "local", "--notify", "local");
    assertThat(run.status()).as(run.out()).isZero();
    assertThat(run.out().lines()).hasSize(3).allMatch(line -> line.startsWith("ok "));
    assertThat(run.out()).contains("store", "queue", "notify");
  }

  @Test
  void unknownSchemeFailsNamingTheUrlWithAHint() {
    CliRun run = CliRun.of("doctor", "--store", "memory:", "--queue", "carrier-pigeon://loft");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).containsPattern("FAIL +queue +carrier-pigeon://loft")
        .contains("hint: ").doesNotContain("\tat ");
    assertThat(run.out().lines().filter(l -> l.startsWith("ok "))).hasSize(2);
  }

  @Test
  void postgresNotifierNeedsAPostgresStore() {
    CliRun run = CliRun.of("doctor", "--store", "memory:", "--notify", "postgres");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).containsPattern("FAIL +notify +postgres").contains("hint: give --store postgres://");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void postgresOnAWrongPortFailsNamingTheUrl() {
    String url = "postgres://127.0.0.1:1/test?user=postgres";
    CliRun run = CliRun.of("doctor", "--store", url, "--queue", "local", "--notify", "local",
        "--timeout", "20");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).containsPattern("FAIL +store +postgres://127.0.0.1:1/test")
        .contains("hint: ").doesNotContain("\tat ");
  }

  @Test
  void sqliteFileInANewDirectoryIsOk() {
    assumeTrue(Backends.knownSchemes().contains("sqlite"), "the sqlite adapter is not on the class path yet");
    String url = "sqlite:" + dir.resolve("sub/operon.db");
    CliRun run = CliRun.of("doctor", "--store", url, "--queue", "jdbc", "--notify", "poll");
    assertThat(run.status()).as(run.out()).isZero();
    assertThat(run.out()).contains("queue   jdbc (" + url + ")");
  }
}
