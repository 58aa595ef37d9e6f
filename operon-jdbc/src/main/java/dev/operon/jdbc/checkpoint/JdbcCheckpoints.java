package dev.operon.jdbc.checkpoint;

import dev.operon.checkpoint.CheckpointNames;
import dev.operon.checkpoint.Checkpoints;
import dev.operon.error.ErrorKind;
import dev.operon.jdbc.internal.DatabaseContext;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Transactions;
import java.sql.ResultSet;
import java.time.Clock;

/**
 * {@link Checkpoints} on SQLite or PostgreSQL: a row per consumer in {@code <prefix>checkpoints}.
 * A save is one upsert that moves the row only forward
 * ({@code ON CONFLICT (consumer) DO UPDATE ... WHERE position < excluded.position}), so the stored
 * position is the greatest ever saved, whatever the order in which saves commit. Inside a
 * transaction of the same database ({@code JdbcDatabase.inTransaction}, the backend's transactor)
 * reads and saves run on its connection and commit or roll back with it; otherwise a save is a
 * statement of its own. Errors are of kind {@link ErrorKind#EVENT_STORE}: a checkpoint is a
 * position in the event log.
 */
public final class JdbcCheckpoints implements Checkpoints {
  private static final ErrorKind KIND = ErrorKind.EVENT_STORE;

  private final Transactions transactions;
  private final Clock clock;
  private final String selectSql;
  private final String upsertSql;

  /** The checkpoints of {@code context}'s database. */
  public JdbcCheckpoints(DatabaseContext context) {
    this.transactions = context.transactions();
    this.clock = context.options().clock();
    this.selectSql = context.tables().sql("SELECT position FROM {p}checkpoints WHERE consumer = ?");
    this.upsertSql = context.tables().sql("INSERT INTO {p}checkpoints (consumer, position, updated_at_ns)"
        + " VALUES (?, ?, ?) ON CONFLICT (consumer) DO UPDATE"
        + " SET position = excluded.position, updated_at_ns = excluded.updated_at_ns"
        + " WHERE {p}checkpoints.position < excluded.position");
  }

  @Override
  public long position(String consumer) {
    CheckpointNames.requireConsumer(consumer);
    return transactions.read(KIND, c -> {
      return transactions.statements().run(c, selectSql, statement -> {
        statement.setString(1, consumer);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? rows.getLong(1) : 0L;
        }
      });
    });
  }

  @Override
  public void save(String consumer, long position) {
    CheckpointNames.requireConsumer(consumer);
    CheckpointNames.requirePosition(consumer, position);
    long now = EpochNanos.of(clock.instant());
    transactions.writeStatement(KIND, c -> {
      return transactions.statements().run(c, upsertSql, statement -> {
        statement.setString(1, consumer);
        statement.setLong(2, position);
        statement.setLong(3, now);
        return statement.executeUpdate();
      });
    });
  }
}
