package dev.operon.jdbc;

import dev.operon.queue.TaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.TaskQueueContract;
import dev.operon.testkit.jdbc.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTaskQueueTest extends TaskQueueContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  private JdbcDatabase database;

  @Override
  protected TaskQueue open(BackendOptions options) {
    database = JdbcDatabase.open(SCHEMA.url(), options);
    return ClosingPort.of(TaskQueue.class, database.taskQueue(), database);
  }
}
