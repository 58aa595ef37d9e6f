package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import dev.operon.spi.BackendOptions;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteSagaEngineTest extends SagaFeaturesContract {
  private static final AtomicInteger TESTS = new AtomicInteger();

  @TempDir
  Path dir;
  private BackendOptions options;

  @Override
  protected Ports open(ManualClock clock) {
    options = SagaTestBackends.options(clock, "saga" + TESTS.incrementAndGet() + "_");
    return reopen(clock);
  }

  @Override
  protected boolean survivesRestart() {
    return true;
  }

  @Override
  protected Ports reopen(ManualClock clock) {
    return SagaTestBackends.jdbc("sqlite:" + dir.resolve("sagas.db"), options);
  }
}
