package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.testkit.Services;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code operon doctor} on PostgreSQL, NATS and Redis, its tables in a schema of its own (doctor
 * creates the ports' tables it checks).
 */
class DoctorOnServicesTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theDistributedShapeIsOkWhenTheServicesRun() {
    Services.requireNats();
    Services.requireRedis();
    CliRun run = CliRun.of("doctor", "--store", SCHEMA.url(), "--queue", Services.natsUrl(), "--notify",
        Services.redisUrl());
    assertThat(run.status()).as(run.out()).isZero();
    assertThat(run.out().lines()).hasSize(3).allMatch(line -> line.startsWith("ok "));
  }
}
