package dev.operon.jdbc;

import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.dialect.Dialects;
import dev.operon.jdbc.notify.PostgresChangeNotifier;
import dev.operon.notify.ChangeNotifier;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.testkit.ChangeNotifierContract;
import dev.operon.testkit.Services;
import org.junit.jupiter.api.BeforeEach;

class PostgresChangeNotifierTest extends ChangeNotifierContract {

  @BeforeEach
  void requirePostgres() {
    Services.requirePostgres();
  }

  @Override
  protected ChangeNotifier open(BackendOptions options) {
    BackendUrl url = BackendUrl.parse(Services.postgresUrl());
    Dialect dialect = Dialects.of(url);
    return new PostgresChangeNotifier(dialect.jdbcUrl(), dialect.driverProperties(), url.redacted(), options);
  }
}
