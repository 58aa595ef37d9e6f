package dev.operon.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ConflictException;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.StreamPrefix;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStore;
import dev.operon.timer.TimerType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite the stores prepare each statement once per connection and run it again and again. A
 * statement reused that way must not keep a read transaction open after it ran (the WAL could
 * then never be checkpointed and would grow without end), and a statement that failed must run
 * again.
 */
class SqliteReusedStatementsTest {
  @TempDir Path dir;

  @Test
  void reusedStatementsLeaveNoReaderBehindSoTheWholeLogCanBeCheckpointed() throws Exception {
    Path file = dir.resolve("reuse.db");
    try (JdbcDatabase database = JdbcDatabase.open("sqlite:" + file, DatabaseFixtures.options())) {
      EventStore events = database.eventStore();
      TimerStore timers = database.timerStore();
      TaskQueue queue = database.taskQueue();
      for (int round = 0; round < 3; round++) {
        events.append("order-1", round, new NewEvent("Placed", new byte[] {(byte) round}));
        assertThat(events.read("order-1", 0, 100)).hasSize(round + 1);
        assertThat(events.readAll(0, 100, StreamPrefix.of("order-"))).hasSize(round + 1);
        assertThat(events.currentId("order-1")).isEqualTo(round + 1);
        timers.create(new NewTimer("t-" + round, "order-1", TimerType.SLEEP, Instant.EPOCH, new byte[0]));
        List<Timer> due = timers.claimDue("scheduler", Instant.EPOCH.plusSeconds(1), 10);
        assertThat(due).extracting(Timer::id).containsExactly("t-" + round);
        assertThat(timers.markFired(due.get(0).claim())).isTrue();
        queue.publish("work", new byte[] {(byte) round});
        List<Task> tasks = queue.fetch("work", 10, Duration.ZERO);
        assertThat(tasks).hasSize(1);
        queue.ack(tasks.get(0));
      }

      try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement statement = raw.createStatement();
          ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        result.next();
        assertThat(result.getInt(1)).as("busy: a connection still reads a snapshot").isZero();
        assertThat(result.getInt(2)).as("frames left in the WAL").isZero();
      }
    }
  }

  @Test
  void aStatementThatFailedRunsAgainOnTheSameConnection() {
    try (JdbcDatabase database = JdbcDatabase.open("sqlite:" + dir.resolve("failed.db"), DatabaseFixtures.options())) {
      EventStore events = database.eventStore();
      events.append("order-1", 0, new NewEvent("Placed", new byte[0]));

      assertThatThrownBy(() -> events.append("order-1", 0, new NewEvent("Placed", new byte[0])))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> events.append("order-1", 0, new NewEvent("Placed", new byte[0])))
          .isInstanceOf(ConflictException.class);

      assertThat(events.append("order-1", 1, new NewEvent("Paid", new byte[0]))).isEqualTo(2);
      assertThat(events.read("order-1", 0, 10)).extracting(e -> e.type()).containsExactly("Placed", "Paid");
    }
  }
}
