package dev.operon.saga;

import dev.operon.runtime.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSagaCrashTest extends SagaCrashContract {
  @TempDir
  Path dir;

  @Override
  protected Ports open(ManualClock clock) {
    return SagaTestBackends.sqlite(dir, clock);
  }
}
