package dev.operon.spring;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.operon.commands.Command;
import dev.operon.commands.CommandContext;
import dev.operon.commands.CommandHandler;
import dev.operon.commands.Commander;
import dev.operon.commands.EventHandler;
import dev.operon.commands.HandlesCommand;
import dev.operon.commands.Invalidation;
import dev.operon.commands.OperationEvent;
import dev.operon.commands.jdbc.OperationDb;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The commander in a Spring application: command handlers and event handlers picked up as beans,
 * and a persistent command inside a Spring transaction on the application's DataSource, which
 * commits and rolls back with it (PostgreSQL and SQLite); a misspelt property and an SQLite
 * DataSource Operon cannot share stop the start, naming what to set.
 */
class OperonCommandsTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  public record PlaceOrder(String orderId) implements Command<String> {}

  public record CancelOrder(String orderId) implements Command<Boolean> {}

  public record OrderPlaced(String orderId) {}

  /** A service bean whose method handles a command: writes the order on the operation's connection and adds its event. */
  public static class Orders {
    @HandlesCommand
    public String place(PlaceOrder command, CommandContext context) throws Exception {
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
      return context.operation().id();
    }
  }

  /** What the event handler bean saw. */
  static final List<String> PROCESSED = new CopyOnWriteArrayList<>();

  @Configuration(proxyBeanMethods = false)
  static class OrdersApplication {
    @Bean
    Orders orders() {
      return new Orders();
    }

    @Bean
    CommandHandler<CancelOrder, Boolean> cancelling() {
      return (command, context) -> !command.orderId().isBlank();
    }

    @Bean
    EventHandler<OrderPlaced> mailing() {
      return event -> PROCESSED.add(event.orderId());
    }
  }

  private ApplicationContextRunner runner(Supplier<DataSource> pool) {
    return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OperonAutoConfiguration.class))
        .withUserConfiguration(OrdersApplication.class)
        .withPropertyValues("operon.saga.enabled=false", "operon.commands.event-check-period=200ms",
            "operon.commands.host-id=orders-1")
        .withBean(DataSource.class, pool)
        .withUserConfiguration(SpringTransactions.class);
  }

  /** Spring's transactions on the application's DataSource. */
  @Configuration(proxyBeanMethods = false)
  static class SpringTransactions {
    @Bean
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
      return new DataSourceTransactionManager(dataSource);
    }
  }

  private static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(6);
    HikariDataSource pool = new HikariDataSource(config);
    try (Connection c = pool.getConnection()) {
      c.createStatement().execute("DROP TABLE IF EXISTS orders");
      c.createStatement().execute("CREATE TABLE orders (id TEXT PRIMARY KEY)");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return pool;
  }

  private void aCommandCommitsAndRollsBackWithTheSpringTransaction(String jdbcUrl) {
    PROCESSED.clear();
    runner(() -> pool(jdbcUrl)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Commander.class);
      Commander commander = context.getBean(Commander.class);
      assertThat(commander.hostId()).isEqualTo("orders-1");
      TransactionTemplate transaction = new TransactionTemplate(context.getBean(DataSourceTransactionManager.class));
      DataSource application = context.getBean(DataSource.class);

      transaction.executeWithoutResult(status -> {
        commander.call(new PlaceOrder("kept"));
        assertThat(orders(application)).as("not visible outside the transaction before it commits").isEmpty();
      });
      assertThat(orders(application)).containsExactly("kept");
      eventually(WAIT, () -> {
        assertThat(PROCESSED).containsExactly("kept");
        assertThat(commander.events().backlog()).as("marked processed").isZero();
      });

      transaction.executeWithoutResult(status -> {
        commander.call(new PlaceOrder("dropped"));
        status.setRollbackOnly();
      });
      assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
        commander.call(new PlaceOrder("failed"));
        throw new IllegalStateException("the service failed after the command");
      })).hasMessageContaining("the service failed");
      assertThat(orders(application)).containsExactly("kept");
      assertThat(commander.events().backlog()).as("no outbox event of a rolled-back transaction").isZero();

      assertThat(commander.call(new CancelOrder("kept"))).isTrue();
      var outbox = context.getBean(OperonHealthContributor.class).part("outbox").health();
      assertThat(outbox.getDetails()).containsEntry("waiting", 0L);
      assertThat(PROCESSED).containsExactly("kept");
    });
  }

  @Test
  void aCommandCommitsAndRollsBackWithTheSpringTransactionOnPostgres() {
    aCommandCommitsAndRollsBackWithTheSpringTransaction(SCHEMA.jdbcUrl());
  }

  @Test
  void aCommandCommitsAndRollsBackWithTheSpringTransactionOnSqlite() {
    aCommandCommitsAndRollsBackWithTheSpringTransaction("jdbc:sqlite:" + dir.resolve("app.db")
        + "?journal_mode=WAL&busy_timeout=30000&transaction_mode=IMMEDIATE");
  }

  @Test
  void anSqliteDataSourceWithoutWalStopsTheStartNamingWhatToAdd() {
    runner(() -> pool("jdbc:sqlite:" + dir.resolve("plain.db"))).run(context -> {
      InvalidOperonProperty invalid = StartupFailure.invalidProperty(context);
      assertThat(invalid.property()).isEqualTo("spring.datasource.url");
      assertThat(invalid.getMessage()).contains("journal_mode=WAL").contains("operon.store");
    });
  }

  @Test
  void aMisspeltOperonPropertyStopsTheStartNamingIt() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OperonAutoConfiguration.class))
        .withPropertyValues("operon.store=sqlite:" + dir.resolve("m.db"), "operon.sagas.workers=4")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("operon.sagas.workers");
        });
  }

  @Test
  void aWrongCommandsPropertyStopsTheStartNamingIt() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OperonAutoConfiguration.class))
        .withPropertyValues("operon.store=sqlite:" + dir.resolve("w.db"), "operon.commands.event-check-period=0s")
        .run(context -> assertThat(StartupFailure.invalidProperty(context).property())
            .isEqualTo("operon.commands.event-check-period"));
  }

  @Test
  void theCommanderCanBeTurnedOff() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OperonAutoConfiguration.class))
        .withPropertyValues("operon.store=sqlite:" + dir.resolve("off.db"), "operon.commands.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Commander.class));
  }

  private static List<String> orders(DataSource application) {
    try (Connection c = application.getConnection(); ResultSet rows = c.createStatement()
        .executeQuery("SELECT id FROM orders ORDER BY id")) {
      List<String> ids = new java.util.ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
      return ids;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
