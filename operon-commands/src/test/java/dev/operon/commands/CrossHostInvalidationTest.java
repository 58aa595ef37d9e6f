package dev.operon.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.commands.jdbc.OperationDb;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.notify.ChangeNotifier;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.testkit.Eventually;
import dev.operon.testkit.Services;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts on one PostgreSQL database, each with a cached query: a command on host A invalidates
 * host B's cached value, through each watcher (PostgreSQL NOTIFY, Redis, the file system, and
 * polling alone).
 */
class CrossHostInvalidationTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  record AddOrder(String id) implements Command<Void> {}

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T10:00:00Z"));
  private Backend store;
  private String table;

  @BeforeEach
  void openStore() throws SQLException {
    String prefix = "x" + PREFIXES.incrementAndGet() + "_";
    store = Backends.open(SCHEMA.url(), BackendOptions.defaults().withClock(clock).withTablePrefix(prefix));
    table = prefix + "orders";
    try (Connection c = JdbcDatabase.of(store).orElseThrow().dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + table + " (id TEXT PRIMARY KEY)");
    }
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** One host: its commander, and its cached count of orders. */
  private final class Host implements AutoCloseable {
    final ComputedValues cache = ComputedValues.create(100);
    final AtomicInteger counted = new AtomicInteger();
    final Commander commander;

    Host(String id, ChangeNotifier notifier) {
      this.commander = Commander.builder().backend(store).notifier(notifier).clock(clock).hostId(id)
          .logCheckPeriod(Duration.ofSeconds(5))
          .handle(AddOrder.class, (command, context) -> {
            if (Invalidation.isActive()) {
              orders();
              return null;
            }
            try (PreparedStatement st = OperationDb.connection(context)
                .prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
              st.setString(1, command.id());
              st.executeUpdate();
            }
            return null;
          }).build();
    }

    long orders() {
      return cache.get("orders", () -> {
        counted.incrementAndGet();
        try (Connection c = JdbcDatabase.of(store).orElseThrow().dataSource().getConnection();
            Statement st = c.createStatement();
            ResultSet rows = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rows.next();
          return rows.getLong(1);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
    }

    @Override
    public void close() {
      commander.close();
    }
  }

  private void commandOnAInvalidatesB(String watcherUrl, boolean advanceClock) {
    try (Backend watcherA = Backends.open(watcherUrl, BackendOptions.defaults());
        Backend watcherB = Backends.open(watcherUrl, BackendOptions.defaults());
        Host a = new Host("host-a", watcherA.notifier());
        Host b = new Host("host-b", watcherB.notifier())) {
      assertThat(b.orders()).isZero();
      assertThat(b.orders()).isZero();
      assertThat(b.counted).as("the count is cached on host B").hasValue(1);

      a.commander.call(new AddOrder("o-1"));
      if (advanceClock) {
        clock.advance(Duration.ofSeconds(6));
      }

      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(b.cache.isKept("orders")).isFalse());
      assertThat(b.orders()).isEqualTo(1);
    }
  }

  private void commandOnAInvalidatesBThroughTheStore() {
    try (Host a = new Host("host-a", store.notifier()); Host b = new Host("host-b", store.notifier())) {
      assertThat(b.orders()).isZero();
      a.commander.call(new AddOrder("o-1"));
      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(b.cache.isKept("orders")).isFalse());
      assertThat(b.orders()).isEqualTo(1);
    }
  }

  @Test
  void throughPostgresNotify() {
    commandOnAInvalidatesBThroughTheStore();
  }

  @Test
  void throughRedis() {
    Services.requireRedis();
    commandOnAInvalidatesB(Services.redisUrl(), false);
  }

  @Test
  void throughTheFileSystem() {
    commandOnAInvalidatesB("fs:" + dir.resolve("signals"), false);
  }

  @Test
  void throughPollingAlone() {
    commandOnAInvalidatesB("poll", true);
  }
}
