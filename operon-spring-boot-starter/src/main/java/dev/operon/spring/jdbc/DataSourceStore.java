package dev.operon.spring.jdbc;

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
 * whose one DataSource (or its {@code @Primary} one) reaches PostgreSQL keeps Operon's tables in
 * that database, on connections of that pool. A DataSource that reaches another database leaves
 * Operon on its embedded SQLite file (it says so in the log); several with none primary stop the
 * start, asking for {@code operon.store}.
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
      if (!reachesPostgres(chosen)) {
        LOG.info("The application's DataSource does not reach PostgreSQL; Operon keeps its data in its embedded"
            + " SQLite file (set operon.store to choose)");
        return Optional.<Backend>empty();
      }
      return Optional.of(JdbcDatabase.open(chosen, options).asBackend(options));
    };
  }

  static boolean reachesPostgres(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      String url = connection.getMetaData().getURL();
      return url != null && url.startsWith("jdbc:postgresql:");
    } catch (SQLException e) {
      throw new InvalidOperonProperty("operon.store", "", "the URL of Operon's store, or make the application's"
          + " DataSource reachable (taking a connection failed: " + e.getMessage() + ")");
    }
  }
}
