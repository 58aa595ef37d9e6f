package dev.operon.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ConflictException;
import dev.operon.eventstore.NewEvent;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.QueueStats;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.Transactor;
import dev.operon.timer.NewTimer;
import dev.operon.timer.TimerType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proof that ports write inside a caller's own transaction: a caller's row, an event and a
 * task commit together, or roll back together. Run against each database by a subclass.
 */
abstract class TransactionTestSupport {
  protected abstract JdbcDatabase open();

  @Test
  void commitMakesTheCallersRowTheEventAndTheTaskVisible() throws SQLException {
    try (JdbcDatabase database = open()) {
      String orders = createOrdersTable(database);
      database.inTransaction(connection -> {
        insertOrder(connection, orders, "o-1");
        database.eventStore().append("order-o-1", 0, new NewEvent("OrderCreated", new byte[] {1}));
        database.taskQueue().publish("emails", new byte[] {2});
        return null;
      });
      assertThat(countOrders(database, orders)).isEqualTo(1);
      assertThat(database.eventStore().currentId("order-o-1")).isEqualTo(1);
      assertThat(database.eventStore().readAll(0, 10)).hasSize(1);
      assertThat(database.taskQueue().stats("emails").depth()).isEqualTo(1);
      assertThat(database.taskQueue().fetch("emails", 10, Duration.ZERO)).hasSize(1);
    }
  }

  @Test
  void aBegunTransactionIsJoinedByThePortsUntilItsThreadCommitsIt() throws SQLException {
    try (JdbcDatabase database = open()) {
      String orders = createOrdersTable(database);
      OpenTransaction transaction = database.begin();
      insertOrder(transaction.connection(), orders, "o-1");
      database.eventStore().append("order-o-1", 0, new NewEvent("OrderCreated", new byte[] {1}));
      database.taskQueue().publish("emails", new byte[] {2});
      assertThatThrownBy(database::begin).hasMessageContaining("already bound to this thread");

      transaction.commit();

      assertThat(transaction.ended()).isTrue();
      assertThat(countOrders(database, orders)).isEqualTo(1);
      assertThat(database.eventStore().currentId("order-o-1")).isEqualTo(1);
      assertThat(database.taskQueue().stats("emails").depth()).isEqualTo(1);
      try (OpenTransaction next = database.begin()) {
        insertOrder(next.connection(), orders, "o-2");
      }
      assertThat(countOrders(database, orders)).as("closing an open transaction rolls it back").isEqualTo(1);
    }
  }

  @Test
  void aBegunTransactionThatRollsBackLeavesNothing() throws SQLException {
    try (JdbcDatabase database = open()) {
      String orders = createOrdersTable(database);
      OpenTransaction transaction = database.begin();
      insertOrder(transaction.connection(), orders, "o-1");
      database.eventStore().append("order-o-1", 0, new NewEvent("OrderCreated", new byte[] {1}));

      transaction.rollback();

      assertThat(countOrders(database, orders)).isZero();
      assertThat(database.eventStore().currentId("order-o-1")).isZero();
      assertThatThrownBy(transaction::commit).isInstanceOf(IllegalStateException.class);
      database.eventStore().append("order-o-1", 0, new NewEvent("OrderCreated", new byte[] {1}));
      assertThat(database.eventStore().currentId("order-o-1")).as("the thread is free again").isEqualTo(1);
    }
  }

  @Test
  void throwingRollsBackTheCallersRowTheEventAndTheTask() throws SQLException {
    try (JdbcDatabase database = open()) {
      String orders = createOrdersTable(database);
      assertThatThrownBy(() -> database.inTransaction(connection -> {
        insertOrder(connection, orders, "o-1");
        database.eventStore().append("order-o-1", 0, new NewEvent("OrderCreated", new byte[] {1}));
        database.taskQueue().publish("emails", new byte[] {2});
        throw new IllegalStateException("caller gives up");
      })).isInstanceOf(IllegalStateException.class).hasMessage("caller gives up");
      assertThat(countOrders(database, orders)).isZero();
      assertThat(database.eventStore().currentId("order-o-1")).isZero();
      assertThat(database.eventStore().readAll(0, 10)).isEmpty();
      QueueStats stats = database.taskQueue().stats("emails");
      assertThat(stats.depth()).isZero();
    }
  }

  @Test
  void joiningACallersOwnConnectionCommitsAndRollsBackWithIt() throws SQLException {
    try (JdbcDatabase database = open()) {
      String orders = createOrdersTable(database);
      try (Connection own = database.dataSource().getConnection()) {
        own.setAutoCommit(false);
        insertOrder(own, orders, "o-1");
        database.joining(own, () -> database.eventStore().append("order-o-1", 0, new NewEvent("A", new byte[0])));
        database.joining(own, () -> database.eventStore().append("order-o-1", 1, new NewEvent("B", new byte[0])));
        database.joining(own, () -> database.taskQueue().publish("emails", new byte[] {2}));
        own.rollback();
        assertThat(database.eventStore().currentId("order-o-1")).isZero();
        insertOrder(own, orders, "o-2");
        database.joining(own, () -> database.eventStore().append("order-o-2", 0, new NewEvent("A", new byte[0])));
        database.joining(own, () -> database.eventStore().append("order-o-2", 1, new NewEvent("B", new byte[0])));
        own.commit();
        own.setAutoCommit(true);
      }
      assertThat(countOrders(database, orders)).isEqualTo(1);
      assertThat(database.eventStore().read("order-o-2", 0)).hasSize(2);
      assertThat(database.eventStore().readAll(0, 10)).extracting(e -> e.id()).containsExactly(1L, 2L);
      assertThat(database.taskQueue().stats("emails").depth()).isZero();
    }
  }

  @Test
  void publishAllCommitsAndRollsBackWithTheCallersTransaction() throws SQLException {
    try (JdbcDatabase database = open()) {
      String orders = createOrdersTable(database);
      List<byte[]> payloads = List.of(new byte[] {1}, new byte[] {2}, new byte[] {3});
      assertThatThrownBy(() -> database.inTransaction(connection -> {
        insertOrder(connection, orders, "o-1");
        database.taskQueue().publishAll("emails", payloads, PublishOptions.NOW);
        throw new IllegalStateException("caller gives up");
      })).isInstanceOf(IllegalStateException.class).hasMessage("caller gives up");
      assertThat(countOrders(database, orders)).isZero();
      assertThat(database.taskQueue().stats("emails").depth()).isZero();
      assertThat(database.taskQueue().fetch("emails", 10, Duration.ZERO)).isEmpty();

      List<String> ids = database.inTransaction(connection -> {
        insertOrder(connection, orders, "o-2");
        return database.taskQueue().publishAll("emails", payloads, PublishOptions.NOW);
      });
      assertThat(countOrders(database, orders)).isEqualTo(1);
      assertThat(database.taskQueue().stats("emails").depth()).isEqualTo(3);
      assertThat(database.taskQueue().fetch("emails", 10, Duration.ZERO))
          .extracting(Task::id).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  @Test
  void ackAllCommitsAndRollsBackWithTheCallersTransaction() throws SQLException {
    try (JdbcDatabase database = open()) {
      String orders = createOrdersTable(database);
      TaskQueue queue = database.taskQueue();
      queue.publishAll("emails", List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}), PublishOptions.NOW);
      List<Task> fetched = queue.fetch("emails", 10, Duration.ZERO);
      assertThat(fetched).hasSize(3);
      assertThatThrownBy(() -> database.inTransaction(connection -> {
        insertOrder(connection, orders, "o-1");
        queue.ackAll(fetched);
        throw new IllegalStateException("caller gives up");
      })).isInstanceOf(IllegalStateException.class).hasMessage("caller gives up");
      assertThat(countOrders(database, orders)).isZero();
      assertThat(queue.stats("emails").depth()).isEqualTo(3);

      database.inTransaction(connection -> {
        insertOrder(connection, orders, "o-2");
        queue.ackAll(fetched);
        return null;
      });
      assertThat(countOrders(database, orders)).isEqualTo(1);
      assertThat(queue.stats("emails").depth()).isZero();
      assertThat(queue.fetch("emails", 10, Duration.ZERO)).isEmpty();
    }
  }

  private static String createOrdersTable(JdbcDatabase database) throws SQLException {
    String table = "orders_" + Long.toString(System.nanoTime(), 36);
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + table + " (id TEXT PRIMARY KEY)");
    }
    return table;
  }

  private static void insertOrder(Connection connection, String table, String id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
      statement.setString(1, id);
      statement.executeUpdate();
    }
  }

  private static int countOrders(JdbcDatabase database, String table) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void transactorCommitsTheEventTheTimerAndTheTaskTogether() {
    try (JdbcDatabase database = open()) {
      Transactor transactor = database.transactor();
      assertThat(transactor.atomic()).isTrue();
      assertThat(transactor.joins(database.eventStore())).isTrue();
      assertThat(transactor.joins(database.timerStore())).isTrue();
      assertThat(transactor.joins(database.taskQueue())).isTrue();
      assertThat(transactor.joins(new Object())).isFalse();

      long last = transactor.inTransaction(() -> {
        long id = database.eventStore().append("saga-t1", 0, new NewEvent("Started", new byte[] {1}));
        database.timerStore().create(new NewTimer("saga-t1/timeout", "saga-t1", TimerType.ACTIVITY_TIMEOUT,
            Instant.now().plusSeconds(60), new byte[0]));
        database.taskQueue().publish("saga-t1-tasks", new byte[] {2});
        return id;
      });
      assertThat(last).isEqualTo(1);
      assertThat(database.eventStore().currentId("saga-t1")).isEqualTo(1);
      assertThat(database.timerStore().listByOwner("saga-t1")).hasSize(1);
      assertThat(database.taskQueue().stats("saga-t1-tasks").depth()).isEqualTo(1);
    }
  }

  @Test
  void transactorRollsBackTheEventTheTimerAndTheTaskWhenTheWorkThrows() {
    try (JdbcDatabase database = open()) {
      IllegalStateException failure = new IllegalStateException("dies before the commit");
      assertThatThrownBy(() -> database.transactor().inTransaction(() -> {
        database.eventStore().append("saga-t2", 0, new NewEvent("Started", new byte[] {1}));
        database.timerStore().create(new NewTimer("saga-t2/timeout", "saga-t2", TimerType.ACTIVITY_TIMEOUT,
            Instant.now().plusSeconds(60), new byte[0]));
        database.taskQueue().publish("saga-t2-tasks", new byte[] {2});
        throw failure;
      })).isSameAs(failure);
      assertThat(database.eventStore().currentId("saga-t2")).isZero();
      assertThat(database.timerStore().listByOwner("saga-t2")).isEmpty();
      assertThat(database.taskQueue().stats("saga-t2-tasks").depth()).isZero();
    }
  }

  @Test
  void aConflictInsideTheTransactorRollsBackWhatWasWrittenBeforeIt() {
    try (JdbcDatabase database = open()) {
      database.eventStore().append("saga-t3", 0, new NewEvent("Started", new byte[] {1}));
      assertThatThrownBy(() -> database.transactor().inTransaction(() -> {
        database.timerStore().create(new NewTimer("saga-t3/timeout", "saga-t3", TimerType.ACTIVITY_TIMEOUT,
            Instant.now().plusSeconds(60), new byte[0]));
        return database.eventStore().append("saga-t3", 0, new NewEvent("Started", new byte[] {1}));
      })).isInstanceOf(ConflictException.class);
      assertThat(database.timerStore().listByOwner("saga-t3")).isEmpty();
      assertThat(database.eventStore().currentId("saga-t3")).isEqualTo(1);
    }
  }

  @Test
  void theDirectTransactorIsNotAtomicAndJoinsNoPort() {
    Transactor direct = Transactor.direct();
    assertThat(direct.atomic()).isFalse();
    assertThat(direct.inTransaction(() -> 7)).isEqualTo(7);
    try (JdbcDatabase database = open()) {
      assertThat(direct.joins(database.eventStore())).isFalse();
    }
  }
}
