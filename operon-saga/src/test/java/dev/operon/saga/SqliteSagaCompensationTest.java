package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSagaCompensationTest extends SagaCompensationContract {
  @TempDir
  Path dir;

  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.sqlite(dir, clock);
  }
}
