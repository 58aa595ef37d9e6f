package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code operon demo ports} on PostgreSQL, in a schema of its own (the walk-through leaves its streams there). */
class DemoPortsOnPostgresTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Test
  void runsEndToEndOnPostgresWithItsQueueAndNotifier() {
    CliRun run = CliRun.of("demo", "ports", "--store", SCHEMA.url(), "--queue", "jdbc", "--notify", "postgres");
    assertThat(run.status()).as(run.err()).isZero();
    DemoCommandTest.assertThatItWalkedThroughEveryPort(run.out());
  }
}
