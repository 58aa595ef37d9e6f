package dev.operon.saga;

import dev.operon.jdbc.JdbcDatabase;
import dev.operon.saga.SagaEngineContract.Ports;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ManualClock;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteSagaCompensationTest extends SagaCompensationContract {
  private static final AtomicInteger TESTS = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected Ports open(ManualClock clock) {
    BackendOptions options = BackendOptions.defaults().withClock(clock)
        .withTablePrefix("comp" + TESTS.incrementAndGet() + "_");
    JdbcDatabase db = JdbcDatabase.open("sqlite:" + dir.resolve("sagas.db"), options);
    return new Ports(db.eventStore(), db.taskQueue(), db.timerStore(), db::close, db.transactor());
  }
}
