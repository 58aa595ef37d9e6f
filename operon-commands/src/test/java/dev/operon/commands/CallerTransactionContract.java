package dev.operon.commands;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.operon.commands.jdbc.OperationDb;
import dev.operon.jdbc.CallerTransactions;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A persistent command inside a transaction of the application's own (what a Spring
 * {@code @Transactional} method opens): the operation row and its outbox events commit with the
 * application's writes and roll back with them; a command that fails undoes only its own writes;
 * the event is processed, and the completion runs, only once the application's transaction commits.
 */
abstract class CallerTransactionContract {
  /** The JDBC URL of the application's pool. */
  protected abstract String jdbcUrl();

  record PlaceOrder(String orderId, boolean fail) implements Command<String> {}

  record OrderPlaced(String orderId) {}

  /** The application's transactions: one per thread, committed or rolled back by the test. */
  static final class ApplicationTransactions implements CallerTransactions {
    private final ThreadLocal<Open> open = new ThreadLocal<>();

    final class Open implements CallerTransaction, AutoCloseable {
      final Connection connection;
      final List<Runnable> afterCommit = new ArrayList<>();

      Open(Connection connection) {
        this.connection = connection;
      }

      @Override
      public Connection connection() {
        return connection;
      }

      @Override
      public void afterCommit(Runnable action) {
        afterCommit.add(action);
      }

      void commit() throws SQLException {
        connection.commit();
        close();
        afterCommit.forEach(Runnable::run);
      }

      void rollback() throws SQLException {
        connection.rollback();
        close();
      }

      @Override
      public void close() throws SQLException {
        if (open.get() == this) {
          open.remove();
          connection.setAutoCommit(true);
          connection.close();
        }
      }
    }

    Open begin(HikariDataSource pool) throws SQLException {
      Connection connection = pool.getConnection();
      connection.setAutoCommit(false);
      Open transaction = new Open(connection);
      open.set(transaction);
      return transaction;
    }

    @Override
    public CallerTransaction current() {
      return open.get();
    }
  }

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final ApplicationTransactions transactions = new ApplicationTransactions();
  private final List<String> processed = new CopyOnWriteArrayList<>();
  private final List<String> completed = new CopyOnWriteArrayList<>();
  private HikariDataSource pool;
  private Backend backend;
  private Commander commander;
  private OperationLogView view;

  @BeforeEach
  void open() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setMaximumPoolSize(6);
    pool = new HikariDataSource(config);
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS orders");
      st.execute("DROP TABLE IF EXISTS audit");
      st.execute("CREATE TABLE orders (id TEXT PRIMARY KEY)");
      st.execute("CREATE TABLE audit (line TEXT NOT NULL)");
    }
    String prefix = "o" + System.nanoTime() % 1_000_000 + "_";
    BackendOptions options = BackendOptions.defaults().withClock(clock).withTablePrefix(prefix);
    JdbcDatabase database = JdbcDatabase.open(pool, options).joinCallerTransactions(transactions);
    backend = database.asBackend(options);
    commander = Commander.builder().backend(backend).clock(clock).hostId("host-a").processesEvents(true)
        .eventCheckPeriod(Duration.ofSeconds(1))
        .completionListener((operation, local) -> completed.add(((PlaceOrder) operation.command()).orderId()))
        .handle(PlaceOrder.class, (command, context) -> {
          if (Invalidation.isActive()) {
            return null;
          }
          try (Connection db = OperationDb.connection(context);
              PreparedStatement st = db.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
            st.setString(1, command.orderId());
            st.executeUpdate();
          }
          context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId()))
              .withId("placed-" + command.orderId()));
          if (command.fail()) {
            throw new IllegalStateException("card declined");
          }
          return context.operation().id();
        })
        .onEvent(OrderPlaced.class, event -> processed.add(event.orderId()))
        .build();
    view = OperationLogView.of(backend, clock);
  }

  @AfterEach
  void close() {
    if (commander != null) {
      commander.close();
    }
    if (backend != null) {
      backend.close();
    }
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void theOperationAndItsEventCommitWithTheApplicationsTransaction() throws Exception {
    String operationId;
    try (ApplicationTransactions.Open tx = transactions.begin(pool)) {
      audit(tx.connection, "placing o-1");
      operationId = commander.call(new PlaceOrder("o-1", false));

      assertThat(count("orders")).as("not visible before the application commits").isZero();
      assertThat(eventIds()).as("the event, seen from another connection").isEmpty();
      assertThat(completed).as("no completion before the commit").isEmpty();
      tx.commit();
    }
    assertThat(count("orders")).isEqualTo(1);
    assertThat(count("audit")).isEqualTo(1);
    assertThat(operationIds()).contains(operationId);
    assertThat(completed).containsExactly("o-1");
    eventually(Duration.ofSeconds(10), () -> assertThat(processed).containsExactly("o-1"));
  }

  @Test
  void theOperationAndItsEventRollBackWithTheApplicationsTransaction() throws Exception {
    String operationId;
    try (ApplicationTransactions.Open tx = transactions.begin(pool)) {
      operationId = commander.call(new PlaceOrder("o-2", false));
      tx.rollback();
    }
    assertThat(count("orders")).isZero();
    assertThat(operationIds()).doesNotContain(operationId);
    assertThat(eventIds()).isEmpty();
    assertThat(completed).as("a rolled-back operation completes nowhere").isEmpty();
    clock.advance(Duration.ofSeconds(2));
    commander.call(new PlaceOrder("o-3", false));
    eventually(Duration.ofSeconds(10), () -> assertThat(processed).containsExactly("o-3"));
  }

  @Test
  void aFailedCommandUndoesOnlyItsOwnWritesAndTheApplicationsTransactionGoesOn() throws Exception {
    try (ApplicationTransactions.Open tx = transactions.begin(pool)) {
      audit(tx.connection, "before");
      assertThatThrownBy(() -> commander.call(new PlaceOrder("o-4", true))).hasMessageContaining("card declined");
      audit(tx.connection, "after");
      String second = commander.call(new PlaceOrder("o-5", false));
      tx.commit();
      assertThat(operationIds()).containsExactly(second);
    }
    assertThat(ids("orders")).containsExactly("o-5");
    assertThat(count("audit")).isEqualTo(2);
    assertThat(eventIds()).containsExactly("placed-o-5");
    assertThat(completed).containsExactly("o-5");
    eventually(Duration.ofSeconds(10), () -> assertThat(processed).containsExactly("o-5"));
  }

  @Test
  void outsideTheApplicationsTransactionACommandCommitsOnItsOwn() throws Exception {
    String operationId = commander.call(new PlaceOrder("o-6", false));
    assertThat(count("orders")).isEqualTo(1);
    assertThat(operationIds()).contains(operationId);
    assertThat(completed).containsExactly("o-6");
  }

  private List<String> operationIds() {
    return view.after(0, 100).stream().map(LoggedOperation::id).toList();
  }

  /** The ids of the outbox's events in any state (one read per state: an event processed in between shows twice). */
  private List<String> eventIds() {
    return java.util.stream.Stream.of("NEW", "PROCESSED", "DISCARDED")
        .flatMap(state -> view.eventsIn(state, null, 100).stream()).map(EventLogEntry::id).distinct().toList();
  }

  private static void audit(Connection connection, String line) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("INSERT INTO audit (line) VALUES (?)")) {
      st.setString(1, line);
      st.executeUpdate();
    }
  }

  private int count(String table) throws SQLException {
    return ids(table).size();
  }

  private List<String> ids(String table) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement st = c.createStatement();
        ResultSet rows = st.executeQuery("SELECT * FROM " + table)) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }
}
