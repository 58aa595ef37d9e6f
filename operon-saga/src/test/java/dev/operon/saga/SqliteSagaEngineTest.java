package dev.operon.saga;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ManualClock;
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
    options = BackendOptions.defaults().withClock(clock).withTablePrefix("saga" + TESTS.incrementAndGet() + "_");
    return reopen(clock);
  }

  @Override
  protected boolean survivesRestart() {
    return true;
  }

  @Override
  protected Ports reopen(ManualClock clock) {
    JdbcDatabase db = JdbcDatabase.open("sqlite:" + dir.resolve("sagas.db"), options);
    return new Ports(db.eventStore(), db.taskQueue(), db.timerStore(), db::close, db.transactor());
  }
}
