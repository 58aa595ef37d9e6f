package dev.operon.saga.internal.visibility;

import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.StoredEvent;
import dev.operon.saga.EventType;
import dev.operon.saga.internal.history.HistoryStore;
import dev.operon.saga.internal.history.SagaHistory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a visibility store that was just created in a database whose event store already holds
 * saga histories (written by an engine from before the store existed): finds the sagas by reading
 * the global log once for their start events, then writes each one's row from its history. Runs
 * once, when the store's tables are created; a row never goes back, so two processes doing it at
 * once write the same rows.
 */
public final class VisibilityBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(VisibilityBackfill.class);
  private static final int PAGE = 1000;
  private static final String STARTED = EventType.WORKFLOW_EXECUTION_STARTED.typeName();

  private VisibilityBackfill() {}

  /** Writes to {@code visibility} the row of every saga in {@code store}; returns how many. */
  public static int run(EventStore store, SagaVisibility visibility) {
    Set<String> sagas = new LinkedHashSet<>();
    long position = 0;
    List<StoredEvent> page;
    while (!(page = store.readAll(position, PAGE)).isEmpty()) {
      for (StoredEvent e : page) {
        if (e.id() == 1 && STARTED.equals(e.type())) {
          sagas.add(e.stream());
        }
      }
      position = page.get(page.size() - 1).position();
    }
    if (sagas.isEmpty()) {
      return 0;
    }
    LOG.info("Filling the new saga visibility table from {} existing saga histories", sagas.size());
    HistoryStore histories = new HistoryStore(store, 0, visibility, dev.operon.spi.Transactor.direct());
    SagaHistory empty;
    for (String sagaId : sagas) {
      SagaHistory history = histories.load(sagaId);
      if (history.exists()) {
        empty = new SagaHistory(sagaId, List.of());
        visibility.record(SagaRow.of(empty, history, history.events()));
      }
    }
    return sagas.size();
  }
}
