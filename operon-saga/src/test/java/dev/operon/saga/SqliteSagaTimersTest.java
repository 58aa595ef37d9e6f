package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import dev.operon.saga.SagaBackendTest.Ports;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteSagaTimersTest extends SagaTimersContract {
  private static final AtomicInteger TESTS = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.jdbc("sqlite:" + dir.resolve("sagas.db"),
        SagaTestBackends.options(clock, "tim" + TESTS.incrementAndGet() + "_"));
  }
}
