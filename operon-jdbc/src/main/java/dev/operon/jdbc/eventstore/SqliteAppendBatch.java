package dev.operon.jdbc.eventstore;

import dev.operon.error.ConflictException;
import dev.operon.error.ErrorKind;
import dev.operon.jdbc.internal.GroupCommitter;
import dev.operon.jdbc.internal.ReusedStatements;
import dev.operon.jdbc.internal.StatementCache;
import dev.operon.jdbc.internal.Transactions;
import java.util.List;

/**
 * SQLite group commit: the appends of a batch run one after the other in one write transaction.
 * Each is checked before it writes anything, so a conflicting append is simply left out and its
 * caller alone gets the conflict. The prepared statements outlive the batch
 * ({@link ReusedStatements}).
 */
final class SqliteAppendBatch implements GroupCommitter.BatchWriter<AppendRequest> {
  private final Transactions transactions;
  private final StreamAppender appender;
  private final ReusedStatements reused = new ReusedStatements();

  SqliteAppendBatch(Transactions transactions, StreamAppender appender) {
    this.transactions = transactions;
    this.appender = appender;
  }

  @Override
  public void write(List<AppendRequest> batch) {
    transactions.writeOwn(ErrorKind.EVENT_STORE, connection -> {
      StatementCache statements = reused.of(connection);
      for (AppendRequest request : batch) {
        try {
          request.succeed(appender.append(statements, request));
        } catch (ConflictException conflict) {
          request.fail(conflict);
        }
      }
      return null;
    });
  }
}
