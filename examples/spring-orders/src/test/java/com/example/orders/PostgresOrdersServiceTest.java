package com.example.orders;

import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The order service on PostgreSQL: its tables and Operon's in a schema of this class. */
class PostgresOrdersServiceTest extends OrdersServiceContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry properties) {
    properties.add("spring.datasource.url", SCHEMA::jdbcUrl);
  }
}
