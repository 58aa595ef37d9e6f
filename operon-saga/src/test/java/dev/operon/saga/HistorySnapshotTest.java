package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.eventstore.EventStore;
import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.spi.BackendOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A snapshot every 100 events bounds what a load reads; a bad one is ignored. */
class HistorySnapshotTest {
  private final ManualClock clock = new ManualClock();
  private final EventStore store = new InMemoryEventStore(BackendOptions.defaults().withClock(clock));
  private final EventFactory events = new EventFactory(clock);

  private SagaHistory write(HistoryStore histories, String sagaId, int count) {
    SagaHistory history = histories.load(sagaId);
    histories.append(history, List.of(events.started(sagaId, "Long", Json.tree(1), null, null)));
    for (int i = 1; i < count; i++) {
      history = histories.load(sagaId);
      histories.append(history, List.of(events.signalReceived(sagaId, "tick", Json.tree(i))));
    }
    return histories.load(sagaId);
  }

  @Test
  void everyHundredEventsASnapshotAndLoadsReadOnlyTheTail() {
    SagaHistory written = write(new HistoryStore(store, 100), "s-1", 250);

    assertThat(store.snapshotCount("s-1")).isEqualTo(2);
    assertThat(store.latestSnapshot("s-1")).hasValueSatisfying(s -> assertThat(s.lastEventId()).isEqualTo(200));
    List<Long> readFrom = new ArrayList<>();
    EventStore counting = new ForwardingEventStore(store) {
      @Override
      public List<dev.operon.eventstore.StoredEvent> read(String stream, long afterId, int limit) {
        readFrom.add(afterId);
        return super.read(stream, afterId, limit);
      }
    };
    SagaHistory loaded = new HistoryStore(counting, 100).load("s-1");

    assertThat(readFrom).containsExactly(200L);
    assertThat(loaded.events()).isEqualTo(written.events());
    assertThat(loaded.events()).extracting(HistoryEvent::eventId).doesNotHaveDuplicates().hasSize(250);
  }

  @Test
  void aSnapshotThatDoesNotDecodeIsIgnored() {
    SagaHistory written = write(new HistoryStore(store, 100), "s-2", 120);
    store.saveSnapshot("s-2", 110, "not a history".getBytes(StandardCharsets.UTF_8));

    SagaHistory loaded = new HistoryStore(store, 100).load("s-2");

    assertThat(loaded.events()).isEqualTo(written.events());
  }

  @Test
  void intervalZeroWritesNoSnapshot() {
    write(new HistoryStore(store, 0), "s-3", 150);
    assertThat(store.snapshotCount("s-3")).isZero();
  }
}
