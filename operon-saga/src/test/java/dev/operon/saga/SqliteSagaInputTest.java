package dev.operon.saga;

import dev.operon.saga.SagaEngineContract.Ports;
import dev.operon.testkit.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSagaInputTest extends SagaInputContract {
  @TempDir
  Path dir;

  @Override
  protected Ports open(ManualClock clock) {
    return SagaBackends.jdbc("sqlite:" + dir.resolve("sagas.db"), SagaBackends.options(clock, "input_"));
  }
}
