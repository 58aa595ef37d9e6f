package dev.operon.saga;

import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.Snapshot;
import dev.operon.eventstore.StoredEvent;
import dev.operon.eventstore.StreamPrefix;
import dev.operon.spi.ForwardingPort;
import java.util.List;
import java.util.Optional;

/** An event store that forwards every call, for tests that watch or disturb some of them. */
class ForwardingEventStore implements EventStore, ForwardingPort {
  private final EventStore delegate;

  ForwardingEventStore(EventStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Object forwardsTo() {
    return delegate;
  }

  @Override
  public long append(String stream, long expectedLastId, List<NewEvent> events) {
    return delegate.append(stream, expectedLastId, events);
  }

  @Override
  public List<StoredEvent> read(String stream, long afterId, int limit) {
    return delegate.read(stream, afterId, limit);
  }

  @Override
  public List<StoredEvent> readAll(long afterPosition, int limit) {
    return delegate.readAll(afterPosition, limit);
  }

  @Override
  public List<StoredEvent> readAll(long afterPosition, int limit, StreamPrefix prefix) {
    return delegate.readAll(afterPosition, limit, prefix);
  }

  @Override
  public long currentId(String stream) {
    return delegate.currentId(stream);
  }

  @Override
  public boolean exists(String stream) {
    return delegate.exists(stream);
  }

  @Override
  public Snapshot saveSnapshot(String stream, long lastEventId, byte[] state) {
    return delegate.saveSnapshot(stream, lastEventId, state);
  }

  @Override
  public Optional<Snapshot> latestSnapshot(String stream) {
    return delegate.latestSnapshot(stream);
  }

  @Override
  public int snapshotCount(String stream) {
    return delegate.snapshotCount(stream);
  }
}
