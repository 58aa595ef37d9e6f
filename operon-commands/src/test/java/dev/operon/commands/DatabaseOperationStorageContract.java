package dev.operon.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.commands.internal.OperationLog;
import dev.operon.commands.internal.jdbc.JdbcOperationLog;
import dev.operon.commands.jdbc.OperationDb;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.jdbc.OpenTransaction;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.Tracking;
import dev.operon.tracking.TrackingStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Persistent operations on a database: business writes, operation and events in one transaction. */
abstract class DatabaseOperationStorageContract extends EventLogContract {
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  protected JdbcDatabase database;
  protected String prefix;

  /** The database URL (a SQLite file or a PostgreSQL schema of this class). */
  protected abstract String url();

  @Override
  protected Backend open() {
    prefix = "c" + PREFIXES.incrementAndGet() + "_";
    return Backends.open(url(), BackendOptions.defaults().withClock(clock).withTablePrefix(prefix));
  }

  @BeforeEach
  void createOrdersTable() throws SQLException {
    database = JdbcDatabase.of(backend).orElseThrow();
    try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + prefix + "orders (id TEXT PRIMARY KEY, cents BIGINT NOT NULL)");
    }
  }

  private CommandHandler<PlaceOrder, String> insertingOrder(boolean failAfterwards) {
    return (command, context) -> {
      if (Invalidation.isActive()) {
        return null;
      }
      try (Connection db = OperationDb.connection(context);
          PreparedStatement st = db.prepareStatement("INSERT INTO " + prefix + "orders (id, cents) VALUES (?, ?)")) {
        st.setString(1, command.orderId());
        st.setLong(2, command.cents());
        st.executeUpdate();
      }
      context.operation().addEvent(new OrderPlaced(command.orderId(), command.cents()));
      if (failAfterwards) {
        throw new IllegalStateException("payment refused");
      }
      return context.operation().id();
    };
  }

  @Test
  void businessWritesTheOperationAndItsEventsCommitTogether() throws SQLException {
    try (Commander commander = commander("host-a").handle(PlaceOrder.class, insertingOrder(false)).build()) {
      String id = commander.call(new PlaceOrder("o-1", 700));

      assertThat(orders()).isEqualTo(1);
      assertThat(log.byId(id)).isPresent();
    }
  }

  @Test
  void aPersistentOperationIsTrackedInItsOwnTransactionAndAFailureAfterItsRollback() throws SQLException {
    Tracking tracking = new Tracking(TrackingStores.of(backend), clock);
    String id;
    try (Commander commander = commander("host-a").tracking(tracking)
        .handle(PlaceOrder.class, insertingOrder(false)).build()) {
      try (CorrelationContext.Scope request = CorrelationContext.of("req-9", clock.instant()).activate()) {
        id = commander.call(new PlaceOrder("o-5", 700));
      }
    }
    try (Commander failing = commander("host-a").tracking(tracking).handle(PlaceOrder.class, insertingOrder(true))
        .build()) {
      assertThatThrownBy(() -> failing.call(new PlaceOrder("o-6", 700))).hasMessageContaining("payment refused");
    }

    assertThat(tracking.snapshot(id).orElseThrow()).satisfies(op -> {
      assertThat(op.name()).isEqualTo("Command.PlaceOrder");
      assertThat(op.status()).isEqualTo(OperationStatus.SUCCEEDED);
      assertThat(op.correlationId()).isEqualTo("req-9");
      assertThat(op.tags()).containsEntry("host", "host-a");
    });
    assertThat(orders()).isEqualTo(1);
    assertThat(tracking.correlated("req-9")).hasSize(1);
    java.util.List<TrackedOperation> failed = new java.util.ArrayList<>();
    try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rows = st.executeQuery("SELECT id FROM " + prefix + "tracked_operations WHERE status = 'FAILED'")) {
      while (rows.next()) {
        failed.add(tracking.snapshot(rows.getString(1)).orElseThrow());
      }
    }
    assertThat(failed).singleElement().satisfies(op -> {
      assertThat(op.name()).isEqualTo("Command.PlaceOrder");
      assertThat(op.message()).isEqualTo("payment refused");
    });
  }

  @Test
  void aTrackedOperationThatCannotBeWrittenRollsTheCommandBack() throws SQLException {
    Tracking tracking = new Tracking(TrackingStores.of(backend), clock);
    try (Commander commander = commander("host-a").tracking(tracking)
        .handle(PlaceOrder.class, insertingOrder(false)).build()) {
      try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP TABLE " + prefix + "tracked_operations");
      }

      assertThatThrownBy(() -> commander.call(new PlaceOrder("o-7", 700))).isInstanceOf(RuntimeException.class);

      assertThat(orders()).isZero();
      assertThat(log.after(0, 10)).isEmpty();
    }
  }

  @Test
  void businessWritesRollBackWithTheOperationWhenTheHandlerThrows() throws SQLException {
    try (Commander commander = commander("host-a").handle(PlaceOrder.class, insertingOrder(true)).build()) {
      assertThatThrownBy(() -> commander.call(new PlaceOrder("o-2", 700))).hasMessageContaining("payment refused");

      assertThat(orders()).isZero();
      assertThat(log.after(0, 10)).isEmpty();
    }
  }

  @Test
  void theOperationsConnectionCannotBeCommittedByTheHandler() throws SQLException {
    try (Commander commander = commander("host-a").handle(PlaceOrder.class, (command, context) -> {
      Connection db = OperationDb.connection(context);
      db.commit();
      return "unreachable";
    }).build()) {
      assertThatThrownBy(() -> commander.call(new PlaceOrder("o-3", 1)))
          .hasMessageContaining("commits when its outermost command returns");
    }
    assertThat(log.after(0, 10)).isEmpty();
  }

  @Test
  void aCommitThatFailsAfterTheRowWasWrittenIsFoundCommitted() throws SQLException {
    OperationLog breaking = new JdbcOperationLog(database, db -> failingCommit(db.begin(), true));
    try (Commander commander = commander("host-a").operationLog(breaking)
        .handle(PlaceOrder.class, insertingOrder(false)).build()) {
      String id = commander.call(new PlaceOrder("o-4", 900));

      assertThat(id).doesNotEndWith("-local");
      assertThat(breaking.byId(id)).isPresent();
      assertThat(orders()).isEqualTo(1);
    }
  }

  @Test
  void aCommitThatFailsBeforeCommittingIsReportedNotCommittedAndStoresNothing() throws SQLException {
    OperationLog breaking = new JdbcOperationLog(database, db -> failingCommit(db.begin(), false));
    try (Commander commander = commander("host-a").operationLog(breaking)
        .handle(PlaceOrder.class, insertingOrder(false)).build()) {
      assertThatThrownBy(() -> commander.call(new PlaceOrder("o-5", 900)))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.COMMAND))
          .hasMessageContaining(PlaceOrder.class.getName())
          .hasMessageContaining("failed and the operation is not in the log, so it did not commit");
      assertThat(breaking.after(0, 10)).isEmpty();
      assertThat(orders()).isZero();
    }
  }

  @Test
  void withoutADatabaseTheOperationsConnectionIsAConfigurationError() {
    try (Commander commander = Commander.builder().handle(PlaceOrder.class, (command, context) -> {
      OperationDb.connection(context);
      return "unreachable";
    }).build()) {
      assertThatThrownBy(() -> commander.call(new PlaceOrder("o-6", 1)))
          .rootCause().hasMessageContaining("stores operations in memory");
    }
  }

  /**
   * {@code real}, whose COMMIT fails with a broken connection: after committing ({@code commitFirst})
   * or instead of it (then rolled back).
   */
  private static OpenTransaction failingCommit(OpenTransaction real, boolean commitFirst) {
    return new ForwardingTransaction(real) {
      @Override
      public void commit() throws SQLException {
        if (commitFirst) {
          real.commit();
        } else {
          real.rollback();
        }
        throw new SQLException("I/O error: the connection was reset during COMMIT", "08006");
      }
    };
  }

  private int orders() throws SQLException {
    try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rows = st.executeQuery("SELECT COUNT(*) FROM " + prefix + "orders")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
