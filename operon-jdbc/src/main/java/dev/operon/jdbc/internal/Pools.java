package dev.operon.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.dialect.SqlFailure;
import dev.operon.spi.BackendUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the HikariCP pool of a database, failing fast with the URL and a hint when it is unreachable. */
public final class Pools {
  private static final long CONNECTION_TIMEOUT_MILLIS = 10_000;
  private static final int OPEN_ATTEMPTS = 10;

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
      return openRetryingWhileBusy(config, dialect);
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

  /**
   * The pool of {@code config}, its first connection made again while the database says it is busy:
   * a SQLite file that several processes or pools open at once is locked for a moment by the one
   * that switches it to WAL, and the driver applies that pragma before its busy timeout.
   */
  private static HikariDataSource openRetryingWhileBusy(HikariConfig config, Dialect dialect) {
    for (int attempt = 1; ; attempt++) {
      try {
        return new HikariDataSource(config);
      } catch (RuntimeException e) {
        if (attempt >= OPEN_ATTEMPTS || !busy(e, dialect)) {
          throw e;
        }
        try {
          Thread.sleep(20L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static boolean busy(Throwable failure, Dialect dialect) {
    for (Throwable e = failure; e != null && e.getCause() != e; e = e.getCause()) {
      if (e instanceof java.sql.SQLException sql && dialect.classify(sql) == SqlFailure.RETRYABLE) {
        return true;
      }
    }
    return false;
  }
}
