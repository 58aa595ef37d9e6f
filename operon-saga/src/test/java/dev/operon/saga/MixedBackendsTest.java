package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.spi.Backend;
import dev.operon.spi.Backends;
import dev.operon.spi.Ports;
import dev.operon.spi.Transactor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A builder that receives stores of two databases says so instead of promising one transaction. */
class MixedBackendsTest {
  @TempDir Path dir;

  @Test
  void anAtomicTransactorOverAnotherDatabasesStoreIsRefused() {
    try (Backend orders = Backends.open("sqlite:" + dir.resolve("orders.db"));
        Backend timers = Backends.open("sqlite:" + dir.resolve("timers.db"))) {
      SagaEngineBuilder builder = SagaEngine.builder().eventStore(orders.eventStore()).taskQueue(orders.taskQueue())
          .timerStore(timers.timerStore()).transactor(orders.transactor()).workers(0);

      assertThatThrownBy(builder::build).isInstanceOfSatisfying(OperonException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION))
          .hasMessageContaining("timer store").hasMessageContaining("Transactor.direct()");
      assertThatThrownBy(() -> new Ports(timers.eventStore(), orders.taskQueue(), orders.timerStore(),
              orders.notifier(), orders.checkpoints(), orders.transactor()))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION))
          .hasMessageContaining("event store");
    }
  }

  @Test
  void storesOfTwoDatabasesRunWhenEachWriteCommitsOnItsOwn() {
    try (Backend orders = Backends.open("sqlite:" + dir.resolve("orders.db"));
        Backend timers = Backends.open("sqlite:" + dir.resolve("timers.db"));
        SagaEngine engine = SagaEngine.builder().eventStore(orders.eventStore()).taskQueue(orders.taskQueue())
            .timerStore(timers.timerStore()).transactor(Transactor.direct()).workers(0).build()) {
      assertThat(engine.list(SagaQuery.all()).sagas()).isEmpty();
    }
  }

  @Test
  void aQueueOfAnotherBackendFollowsTheCommit() {
    try (Backend orders = Backends.open("sqlite:" + dir.resolve("orders.db"));
        Backend tasks = Backends.open("sqlite:" + dir.resolve("tasks.db"))) {
      Ports ports = orders.ports();
      assertThat(ports.queueJoins()).isTrue();

      Ports mixed = ports.withTaskQueue(tasks.taskQueue());

      assertThat(mixed.queueJoins()).isFalse();
      assertThat(mixed.transactor().atomic()).isTrue();
    }
  }
}
