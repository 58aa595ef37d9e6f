package dev.operon.saga;

import dev.operon.saga.SagaBackendTest.Ports;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ManualClock;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteSagaTimersTest extends SagaTimersContract {
  private static final AtomicInteger TESTS = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected Ports open(ManualClock clock) {
    BackendOptions options = BackendOptions.defaults().withClock(clock)
        .withTablePrefix("tim" + TESTS.incrementAndGet() + "_");
    JdbcDatabase db = JdbcDatabase.open("sqlite:" + dir.resolve("sagas.db"), options);
    return new Ports(db.eventStore(), db.taskQueue(), db.timerStore(), db::close, db.transactor());
  }
}
