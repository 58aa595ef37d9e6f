package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperonCliTest {

  @Test
  void helpListsEveryCommand() {
    CliRun run = CliRun.of("--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("version", "doctor", "demo", "bench", "--store", "--queue", "--notify");
  }

  @Test
  void noCommandPrintsUsage() {
    CliRun run = CliRun.of();
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("Usage: operon");
  }

  @Test
  void versionNamesOperonAndJava() {
    CliRun run = CliRun.of("version");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("Operon ", "Java " + System.getProperty("java.version"));
  }

  @Test
  void unknownCommandIsBadInput() {
    CliRun run = CliRun.of("frobnicate");
    assertThat(run.status()).isEqualTo(OperonCli.ERROR_EXIT);
    assertThat(run.err()).contains("frobnicate");
  }

  @Test
  void benchStorageRequiresAStore() {
    CliRun run = CliRun.of("bench", "storage", "--json");
    assertThat(run.status()).isEqualTo(OperonCli.ERROR_EXIT);
    assertThat(run.err()).contains("--store");
  }

  @Test
  void anOperonErrorIsOneLineWithoutStackTrace() {
    CliRun run = CliRun.of("bench", "storage", "--store", "memory:", "--duration", "-1");
    assertThat(run.status()).isEqualTo(OperonCli.ERROR_EXIT);
    assertThat(run.err()).startsWith("error: --duration must be between 0 and 3600 seconds, was -1.0");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void verbosePrintsTheStackTrace() {
    CliRun run = CliRun.of("bench", "storage", "--store", "memory:", "--duration", "-1", "--verbose");
    assertThat(run.status()).isEqualTo(OperonCli.ERROR_EXIT);
    assertThat(run.err()).contains("\tat ");
  }

  @Test
  void unknownStoreSchemeInDemoNamesTheUrl() {
    CliRun run = CliRun.of("demo", "--store", "nosuch://somewhere");
    assertThat(run.status()).isEqualTo(OperonCli.ERROR_EXIT);
    assertThat(run.err()).contains("nosuch://somewhere").doesNotContain("\tat ");
  }
}
