package dev.operon.jdbc.eventstore;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.Snapshot;
import dev.operon.eventstore.StoredEvent;
import dev.operon.eventstore.StreamPrefix;
import dev.operon.jdbc.internal.DatabaseContext;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.GroupCommitter;
import dev.operon.jdbc.internal.Transactions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The event store on SQLite or PostgreSQL.
 *
 * <p><b>Appends.</b> A {@code <prefix>streams} row per stream holds its last id; an append moves it
 * from the expected id to the new one, and writes the events in the same transaction, so a wrong
 * expected id is a {@link dev.operon.error.ConflictException} with nothing written. Appends made
 * inside a caller's transaction ({@code JdbcDatabase.inTransaction} / {@code joining}) run on that
 * transaction's connection. All other appends go through group commit ({@link GroupCommitter}):
 * committer threads gather the appends waiting at that moment (one per stream) into one
 * transaction, so concurrent callers share a commit; each caller still gets its own result, its
 * own conflict, and returns only after its batch committed. On PostgreSQL a batch is a single
 * auto-committed statement (see {@link PostgresAppendBatch}).
 *
 * <p><b>Global order.</b> {@link #readAll} must never skip a committed event, although concurrent
 * transactions commit in an order that differs from the order in which they took positions.
 * SQLite has one writer at a time, so the rowid order is the commit order and nothing is in flight
 * behind a visible row. On PostgreSQL a position is {@code (xid << 20) + n}: the writing
 * transaction's id (pg_current_xact_id) in the high bits and the index of the event within that
 * transaction in the low 20 bits. {@code readAll} returns only positions below
 * {@code pg_snapshot_xmin(pg_current_snapshot()) << 20}: every transaction with a smaller id has
 * ended (committed rows visible, aborted rows gone for good), and every transaction still running
 * or yet to start has a larger id, hence larger positions. So the visible prefix can only grow at
 * its end, and a reader that passes its last position never misses an event. The price: a long
 * transaction anywhere on the server holds readAll back until it ends (events appended after it
 * are delayed, never lost), and a transaction can append at most 2^20 - 1 events. A caller's
 * own uncommitted appends are not returned by readAll inside its transaction.
 */
public final class JdbcEventStore implements EventStore {
  private static final ErrorKind KIND = ErrorKind.EVENT_STORE;
  private static final int MAX_BATCH = 256;
  private static final int MAX_BATCHED_EVENTS = 1_000;
  private static final int MAX_EVENTS_PER_APPEND = (1 << 20) - 1;
  private static final int MAX_STREAM_LENGTH = 200;

  private final DatabaseContext context;
  private final Transactions transactions;
  private final StreamAppender appender;
  private final EventReader reader;
  private final SnapshotTable snapshots;
  private final GroupCommitter<AppendRequest> committer;

  /** Opens the event store of {@code context}'s database; {@code committers} group-commit threads. */
  public JdbcEventStore(DatabaseContext context, int committers) {
    this.context = context;
    this.transactions = context.transactions();
    boolean byTransaction = context.dialect().transactionIds();
    EventInserter inserter = byTransaction
        ? new PostgresEventInserter(context.tables()) : new SqliteEventInserter(context.tables());
    this.appender = new StreamAppender(context.tables(), context.transactions().statements(), context.dialect(), inserter);
    this.reader = new EventReader(context.tables(), context.transactions().statements(), byTransaction
        ? " AND position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)" : "",
        context.dialect());
    this.snapshots = new SnapshotTable(context.tables(), context.transactions().statements(),
        context.options().maxSnapshots());
    GroupCommitter.BatchWriter<AppendRequest> batchWriter = byTransaction
        ? new PostgresAppendBatch(transactions, appender, context.tables())
        : new SqliteAppendBatch(transactions, appender);
    this.committer = new GroupCommitter<>(
        "operon-append-" + context.tables().prefix(), committers, MAX_BATCH, KIND, batchWriter);
  }

  @Override
  public long append(String stream, long expectedLastId, List<NewEvent> events) {
    requireStream(stream);
    Objects.requireNonNull(events, "events");
    if (events.isEmpty() || events.size() > MAX_EVENTS_PER_APPEND) {
      throw OperonException.invalid("An append to stream '" + stream + "' needs 1 to "
          + MAX_EVENTS_PER_APPEND + " events, got " + events.size());
    }
    if (expectedLastId < 0) {
      throw OperonException.invalid("expectedLastId of stream '" + stream + "' must be >= 0 (0 for a new"
          + " stream), was " + expectedLastId);
    }
    events.forEach(e -> Objects.requireNonNull(e, "events must not contain null"));
    AppendRequest request = new AppendRequest(stream, expectedLastId, List.copyOf(events),
        EpochNanos.of(context.options().clock().instant()));
    if (transactions.bound() || events.size() > MAX_BATCHED_EVENTS) {
      return transactions.write(KIND, c -> appender.append(c, request));
    }
    committer.submit(request);
    return request.await(KIND);
  }

  @Override
  public List<StoredEvent> read(String stream, long afterId, int limit) {
    requireStream(stream);
    requireLimit(limit);
    return transactions.read(KIND, c -> reader.stream(c, stream, afterId, limit));
  }

  @Override
  public List<StoredEvent> readAll(long afterPosition, int limit) {
    requireLimit(limit);
    return transactions.read(KIND, c -> reader.all(c, afterPosition, limit));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The filter is a range of stream names in code point order ({@code stream >= prefix AND
   * stream < successor}, see {@link PrefixRange}). On PostgreSQL the statement is planned with its
   * values each time: a prefix that matches few of the events after the position is read through
   * the index {@code <prefix>events_stream_prefix} on {@code (stream COLLATE "C", position)}, one
   * that matches many in log order through the primary key. SQLite's planner does not weigh values
   * and reads in log order from the position, skipping the events of other streams: right for a
   * prefix that matches much of the log and for a reader that keeps up, slower for a reader of a
   * rare prefix that is far behind.
   */
  @Override
  public List<StoredEvent> readAll(long afterPosition, int limit, StreamPrefix prefix) {
    Objects.requireNonNull(prefix, "prefix");
    requireLimit(limit);
    return transactions.read(KIND, c -> reader.all(c, afterPosition, limit, prefix));
  }

  @Override
  public long currentId(String stream) {
    requireStream(stream);
    return transactions.read(KIND, c -> reader.currentId(c, stream));
  }

  @Override
  public boolean exists(String stream) {
    return currentId(stream) > 0;
  }

  @Override
  public Snapshot saveSnapshot(String stream, long lastEventId, byte[] state) {
    requireStream(stream);
    Objects.requireNonNull(state, "state");
    if (lastEventId < 0) {
      throw OperonException.invalid("lastEventId of a snapshot of stream '" + stream
          + "' must be >= 0, was " + lastEventId);
    }
    return transactions.write(ErrorKind.SNAPSHOT,
        c -> snapshots.save(c, stream, lastEventId, state, context.options().clock().instant()));
  }

  @Override
  public Optional<Snapshot> latestSnapshot(String stream) {
    requireStream(stream);
    return transactions.read(ErrorKind.SNAPSHOT, c -> snapshots.latestIntact(c, stream));
  }

  @Override
  public int snapshotCount(String stream) {
    requireStream(stream);
    return transactions.read(ErrorKind.SNAPSHOT, c -> snapshots.count(c, stream));
  }

  @Override
  public void close() {
    committer.close();
  }

  private static void requireStream(String stream) {
    if (stream == null || stream.isBlank() || stream.length() > MAX_STREAM_LENGTH) {
      throw OperonException.invalid("Stream name must be 1-" + MAX_STREAM_LENGTH
          + " non-blank characters, was '" + stream + "'");
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw OperonException.invalid("limit must be >= 1, was " + limit);
    }
  }
}
