package dev.operon.spring.jdbc;

import dev.operon.error.OperonException;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.spi.Backend;
import dev.operon.spring.ApplicationStore;
import dev.operon.spring.InvalidOperonProperty;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operon's store on the application's DataSource: with {@code operon.store} empty, an application
 * whose one DataSource (or its {@code @Primary} one) reaches PostgreSQL or an SQLite file keeps
 * Operon's tables in that database, on connections of that pool, and (with spring-jdbc) a
 * persistent command inside a Spring transaction joins it ({@link SpringTransactions}). An SQLite
 * DataSource without WAL stops the start, naming what to add to its URL; a DataSource that reaches
 * another database leaves Operon on its embedded SQLite file (it says so in the log); several with
 * none primary stop the start, asking for {@code operon.store}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DataSource.class)
public class DataSourceStore {
  private static final Logger LOG = LoggerFactory.getLogger(DataSourceStore.class);

  @Bean
  @ConditionalOnMissingBean
  ApplicationStore applicationStore(ObjectProvider<DataSource> dataSources) {
    return options -> {
      DataSource chosen = dataSources.getIfUnique();
      if (chosen == null) {
        List<DataSource> all = dataSources.stream().toList();
        if (all.size() > 1) {
          throw new InvalidOperonProperty("operon.store", "", "the URL of Operon's store (e.g. postgres://host:5432/app)"
              + ": the application has " + all.size() + " DataSources and none is @Primary, so Operon cannot pick one");
        }
        return Optional.empty();
      }
      String url = jdbcUrl(chosen);
      if (url == null || !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:sqlite:")) {
        LOG.info("The application's DataSource reaches neither PostgreSQL nor SQLite; Operon keeps its data in its"
            + " embedded SQLite file (set operon.store to choose)");
        return Optional.<Backend>empty();
      }
      JdbcDatabase database;
      try {
        database = JdbcDatabase.open(chosen, options);
      } catch (OperonException e) {
        throw new InvalidOperonProperty("spring.datasource.url", url, "a URL Operon can share (" + e.getMessage()
            + "), or set operon.store to give Operon a store of its own");
      }
      if (org.springframework.util.ClassUtils.isPresent("org.springframework.jdbc.datasource.ConnectionHolder",
          DataSourceStore.class.getClassLoader())) {
        database.joinCallerTransactions(new SpringTransactions(chosen));
      }
      return Optional.of(database.asBackend(options));
    };
  }

  static String jdbcUrl(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getURL();
    } catch (SQLException e) {
      throw new InvalidOperonProperty("operon.store", "", "the URL of Operon's store, or make the application's"
          + " DataSource reachable (taking a connection failed: " + e.getMessage() + ")");
    }
  }
}
