package dev.operon.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.commands.internal.OperationLog;
import dev.operon.commands.internal.jdbc.JdbcOperationLog;
import dev.operon.jdbc.OpenTransaction;
import dev.operon.testkit.Eventually;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Persistent operations on the local PostgreSQL, in a schema of this class; skipped if it is down (unless on CI). */
class PostgresOperationStorageTest extends DatabaseOperationStorageContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected String url() {
    return SCHEMA.url();
  }

  @Test
  void anOperationThatCommitsAfterAHigherOneIsFoundThroughItsGap() throws Exception {
    List<String> onB = new ArrayList<>();
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OperationLog slow = new JdbcOperationLog(database, db -> holding(db.begin(), written, release));
    try (Commander slowHost = commander("host-slow").operationLog(slow)
            .handle(PlaceOrder.class, placing(new ArrayList<>())).build();
        Commander a = commander("host-a").handle(PlaceOrder.class, placing(new ArrayList<>())).build();
        Commander b = commander("host-b").handle(PlaceOrder.class, placing(onB)).build()) {
      Thread first = Thread.ofVirtual().start(() -> slowHost.call(new PlaceOrder("first", 1)));
      written.await();
      a.call(new PlaceOrder("second", 2));

      Eventually.eventually(Duration.ofSeconds(10), () -> {
        synchronized (onB) {
          assertThat(onB).containsExactly("second {cents=2}");
        }
      });
      release.countDown();
      first.join();

      Eventually.eventually(Duration.ofSeconds(10), () -> {
        synchronized (onB) {
          assertThat(onB).containsExactly("second {cents=2}", "first {cents=1}");
        }
      });
    }
  }

  record Increment(String counter) implements Command<Long> {}

  @Test
  void aRealSerializationFailureIsRunAgainByTheReprocessorAndNoIncrementIsLost() throws Exception {
    String table = prefix + "counters";
    try (Connection c = database.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + table + " (id TEXT PRIMARY KEY, value BIGINT NOT NULL)");
      st.execute("INSERT INTO " + table + " VALUES ('c', 0)");
    }
    java.util.concurrent.CyclicBarrier bothRead = new java.util.concurrent.CyclicBarrier(2);
    java.util.Map<String, java.util.List<String>> idsByThread = new java.util.concurrent.ConcurrentHashMap<>();
    try (Commander commander = commander("host-a").reprocessing(3, Duration.ZERO)
        .handle(Increment.class, (command, context) -> {
          if (dev.operon.commands.Invalidation.isActive()) {
            return null;
          }
          Connection db = dev.operon.commands.jdbc.OperationDb.connection(context);
          List<String> ids = idsByThread.computeIfAbsent(Thread.currentThread().getName(), n -> new ArrayList<>());
          ids.add(context.operation().id());
          try (java.sql.Statement st = db.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
            long value;
            try (java.sql.ResultSet rows = st.executeQuery("SELECT value FROM " + table + " WHERE id = 'c'")) {
              rows.next();
              value = rows.getLong(1);
            }
            if (ids.size() == 1) {
              bothRead.await();
            }
            st.executeUpdate("UPDATE " + table + " SET value = " + (value + 1) + " WHERE id = 'c'");
            return value + 1;
          }
        }).build()) {
      Thread first = Thread.ofVirtual().name("first").start(() -> commander.call(new Increment("c")));
      Thread second = Thread.ofVirtual().name("second").start(() -> commander.call(new Increment("c")));
      first.join();
      second.join();

      try (Connection c = database.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
          java.sql.ResultSet rows = st.executeQuery("SELECT value FROM " + table + " WHERE id = 'c'")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(2);
      }
      assertThat(idsByThread.values()).as("one of the two ran again, with its operation id")
          .anySatisfy(ids -> assertThat(ids).hasSize(2).containsOnly(ids.get(0)));
      assertThat(log.after(0, 10)).hasSize(2);
    }
  }

  /** {@code real}, whose commit waits for {@code release} once its rows are written. */
  private static OpenTransaction holding(OpenTransaction real, CountDownLatch written, CountDownLatch release) {
    return new ForwardingTransaction(real) {
      @Override
      public void commit() throws SQLException {
        written.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        real.commit();
      }
    };
  }
}
