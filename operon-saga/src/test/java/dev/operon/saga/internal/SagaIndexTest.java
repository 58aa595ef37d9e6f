package dev.operon.saga.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.inmemory.InMemoryEventStore;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.SagaState;
import dev.operon.saga.SagaSummary;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The visibility index the watchdog and {@code list} read. */
class SagaIndexTest {
  private final ManualClock clock = new ManualClock();
  private final EventFactory events = new EventFactory(clock);

  private static long append(HistoryStore store, String sagaId, HistoryEvent... added) {
    return store.append(store.load(sagaId), List.of(added));
  }

  @Test
  void foldsEachSagaFromTheLogAndFollowsItIncrementally() {
    HistoryStore store = new HistoryStore(new InMemoryEventStore(BackendOptions.defaults().withClock(clock)));
    SagaIndex index = new SagaIndex(store);
    append(store, "a", events.started("a", "Order", TextNode.valueOf("x"), null, null));
    append(store, "b", events.started("b", "Order", TextNode.valueOf("y"), null, null),
        events.searchAttributesUpserted("b", SearchAttributes.encode(Map.of("customer", "bob"))));

    assertThat(index.snapshot()).extracting(SagaSummary::sagaId, SagaSummary::state)
        .containsExactly(tuple("a", SagaState.RUNNING),
            tuple("b", SagaState.RUNNING));
    assertThat(index.get("b").orElseThrow().searchAttributes()).containsEntry("customer", "bob");

    clock.advance(Duration.ofMinutes(5));
    append(store, "a", events.withFailure("a", EventType.WORKFLOW_EXECUTION_FAILED,
        new SagaFailure(ErrorKind.VALIDATION, "bad", "X")));
    assertThat(index.refresh()).isEqualTo(1);

    SagaSummary a = index.get("a").orElseThrow();
    assertThat(a.state()).isEqualTo(SagaState.FAILED);
    assertThat(a.closedAt()).contains(ManualClock.DEFAULT_START.plus(Duration.ofMinutes(5)));
    assertThat(a.lastProgressAt()).isEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofMinutes(5)));
    assertThat(a.lastEventId()).isEqualTo(2);
    assertThat(index.unfinished()).containsExactly("b");
    assertThat(index.refresh()).isZero();
  }

  @Test
  void awaitingOwnWritesTimesOutNamingTheSagaTheLogDoesNotShowYet() {
    EventStore real = new InMemoryEventStore(BackendOptions.defaults().withClock(clock));
    EventStore hidden = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(),
        new Class<?>[] {EventStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("readAll")) {
            return List.of();   // as a log held back by an older transaction still open
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    HistoryStore store = new HistoryStore(hidden);
    SagaIndex index = new SagaIndex(store);
    append(store, "late", events.started("late", "Order", TextNode.valueOf("x"), null, null));

    assertThatThrownBy(() -> index.awaitOwnWrites(Duration.ofMillis(20)))
        .isInstanceOf(OperonException.class).hasMessageContaining("late")
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(index.snapshot()).isEmpty();
  }
}
