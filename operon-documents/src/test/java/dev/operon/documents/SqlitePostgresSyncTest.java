package dev.operon.documents;

import static dev.operon.documents.TodoModel.GLOBAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An SQLite store and a PostgreSQL store edit one document concurrently and converge through a sync. */
class SqlitePostgresSyncTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  @TempDir Path dir;

  @Test
  void anSqliteStoreAndAPostgresStoreConvergeToTheSameHashes() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    try (Backend sqlite = Backends.open("sqlite:" + dir.resolve("a.db"), BackendOptions.defaults().withClock(clock));
        Backend postgres = Backends.open(SCHEMA.url(), BackendOptions.defaults().withClock(clock))) {
      Documents a = Documents.builder().store(OperationStores.of(sqlite)).model(TodoModel.MODEL).clock(clock).build();
      Documents b = Documents.builder().store(OperationStores.of(postgres)).model(TodoModel.MODEL).clock(clock)
          .build();
      a.create("doc", "todo-list", "shared");
      DocumentSync sync = new DocumentSync(a, SyncChannel.of(OperationStores.of(postgres)));
      sync.sync("doc");
      for (int i = 0; i < 12; i++) {
        clock.advance(Duration.ofMillis(1));
        Documents side = i % 3 == 0 ? b : a;
        side.dispatch("doc", side.action("ADD_TODO", "global", new AddTodo("t" + i, "item " + i)));
      }
      b.undo("doc", "global");

      SyncResult result = sync.sync("doc");

      assertThat(result.merged()).isPositive();
      assertThat(b.hash("doc", "global")).isEqualTo(a.hash("doc", "global"));
      assertThat(b.state("doc", GLOBAL)).isEqualTo(a.state("doc", GLOBAL));
      assertThat(OperationStores.of(postgres).getSince("doc", "global", "main", 0))
          .isEqualTo(OperationStores.of(sqlite).getSince("doc", "global", "main", 0));
    }
  }
}
