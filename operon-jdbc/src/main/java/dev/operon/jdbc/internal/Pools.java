package dev.operon.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.dialect.Dialect;
import dev.operon.spi.BackendUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the HikariCP pool of a database, failing fast with the URL and a hint when it is unreachable. */
public final class Pools {
  private static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

  private Pools() {}

  public static HikariDataSource open(BackendUrl url, Dialect dialect, String prefix, int poolSize) {
    dialect.file().ifPresent(file -> createParentDirectory(url, file));
    HikariConfig config = new HikariConfig();
    config.setPoolName("operon-" + dialect.name() + "-" + prefix);
    config.setJdbcUrl(dialect.jdbcUrl());
    config.setDataSourceProperties(dialect.driverProperties());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setInitializationFailTimeout(1);
    dialect.connectionInitSql().ifPresent(config::setConnectionInitSql);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw OperonException.of(ErrorKind.CONFIGURATION,
              "Cannot connect to " + url.redacted() + ": " + cause.getMessage() + "; "
                  + dialect.unreachableHint())
          .cause(e).retryable(true).build();
    }
  }

  private static void createParentDirectory(BackendUrl url, Path file) {
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw OperonException.of(ErrorKind.CONFIGURATION,
              "Cannot create the directory of " + url.redacted() + ": " + e.getMessage())
          .cause(e).retryable(false).build();
    }
  }
}
