package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import dev.operon.saga.SagaBackendTest.Ports;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSagaInputTest extends SagaInputContract {
  @TempDir
  Path dir;

  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.jdbc("sqlite:" + dir.resolve("sagas.db"), SagaTestBackends.options(clock, "input_"));
  }
}
