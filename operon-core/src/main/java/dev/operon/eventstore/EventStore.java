package dev.operon.eventstore;

import java.util.List;
import java.util.Optional;

/**
 * Append-only event streams with optimistic concurrency.
 *
 * <p>Event ids are 1-based and dense within a stream; an empty stream has current id 0. Every
 * event also gets a global position, increasing across all streams, for log tailing with
 * {@link #readAll}. Implementations are thread-safe.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Appends {@code events} to {@code stream} atomically, if the stream's last id is
   * {@code expectedLastId} (0 for a new stream).
   *
   * @return the id of the last appended event ({@code expectedLastId + events.size()})
   * @throws dev.operon.error.ConflictException if the last id differs; nothing is written
   * @throws dev.operon.error.OperonException of kind VALIDATION if {@code events} is empty, the stream blank or the expected
   *     id negative; nothing is written
   */
  long append(String stream, long expectedLastId, List<NewEvent> events);

  /** Appends one event; see {@link #append(String, long, List)}. */
  default long append(String stream, long expectedLastId, NewEvent event) {
    return append(stream, expectedLastId, List.of(event));
  }

  /** Up to {@code limit} events of {@code stream} with id greater than {@code afterId}, in id order. */
  List<StoredEvent> read(String stream, long afterId, int limit);

  /** All events of {@code stream} after {@code afterId}, in id order. */
  default List<StoredEvent> read(String stream, long afterId) {
    return read(stream, afterId, Integer.MAX_VALUE);
  }

  /**
   * Up to {@code limit} events of all streams with global position greater than
   * {@code afterPosition}, in position order. A reader that passes the position of the last event
   * it received never misses a committed event: implementations return only a prefix of the log
   * behind which no transaction can still commit (see docs/architecture.md, "Global order").
   */
  List<StoredEvent> readAll(long afterPosition, int limit);

  /**
   * Like {@link #readAll(long, int)}, but only the events of the streams whose name starts with
   * {@code prefix}: up to {@code limit} of them with global position greater than
   * {@code afterPosition}, in position order, with the same guarantee that a reader passing the
   * position of the last event it received never misses one. The store filters (in SQL on a
   * database, served by an index), so a reader of a few streams among many does not read the rest.
   */
  List<StoredEvent> readAll(long afterPosition, int limit, StreamPrefix prefix);

  /** The id of the last event of {@code stream}, 0 if it has none. */
  long currentId(String stream);

  /** Whether {@code stream} has at least one event. */
  boolean exists(String stream);

  /**
   * Saves a snapshot of {@code stream} up to {@code lastEventId} with its SHA-256 checksum, and
   * deletes the oldest snapshots (lowest {@code lastEventId}) beyond the store's maximum count. A
   * snapshot at a {@code lastEventId} that already has one replaces it.
   */
  Snapshot saveSnapshot(String stream, long lastEventId, byte[] state);

  /**
   * The newest snapshot of {@code stream} (highest {@code lastEventId}) whose checksum matches its
   * state. A corrupt snapshot is
   * skipped (logged) and the next older one is returned, or empty if none is intact.
   */
  Optional<Snapshot> latestSnapshot(String stream);

  /** How many snapshots of {@code stream} are kept. */
  int snapshotCount(String stream);

  /** Releases connections and threads. */
  @Override
  default void close() {}
}
