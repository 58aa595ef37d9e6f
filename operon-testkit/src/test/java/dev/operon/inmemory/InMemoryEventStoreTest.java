package dev.operon.inmemory;

import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.Snapshot;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.EventStoreContract;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

class InMemoryEventStoreTest extends EventStoreContract {
  @Override
  protected EventStore open(BackendOptions options) {
    return new InMemoryEventStore(options);
  }

  /** Memory has no bytes to damage behind the store's back, so this reaches into its snapshot list. */
  @Override
  @SuppressWarnings("unchecked")
  protected void corruptLatestSnapshot(EventStore store, String stream) {
    try {
      Field field = InMemoryEventStore.class.getDeclaredField("snapshots");
      field.setAccessible(true);
      List<Snapshot> kept = ((Map<String, List<Snapshot>>) field.get(store)).get(stream);
      Snapshot latest = kept.get(kept.size() - 1);
      byte[] damaged = latest.state().clone();
      damaged[0] ^= 0x55;
      kept.set(kept.size() - 1, new Snapshot(stream, latest.lastEventId(), damaged, latest.checksum(), latest.createdAt()));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("the in-memory store no longer keeps snapshots in a field 'snapshots'", e);
    }
  }
}
