package dev.operon.jdbc;

import dev.operon.queue.TaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.TaskQueueContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTaskQueueTest extends TaskQueueContract {
  @TempDir static Path dir;

  private JdbcDatabase database;

  @Override
  protected TaskQueue open(BackendOptions options) {
    database = JdbcDatabase.open("sqlite:" + dir.resolve("taskqueue.db"), options);
    return ClosingPort.of(TaskQueue.class, database.taskQueue(), database);
  }
}
