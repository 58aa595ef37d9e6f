package dev.operon.saga.internal.visibility;

import dev.operon.saga.SagaPage;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaQuery.Cursor;
import dev.operon.saga.SagaSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The visibility store of in-memory event stores: the rows in maps, sorted by start time and id
 * for {@code list} and by id for the open sagas. One per event store instance, shared by every
 * engine on it (see {@link SagaVisibilities}).
 */
public final class InMemorySagaVisibility implements SagaVisibility {
  private static final Comparator<Cursor> ORDER = Comparator.comparing(Cursor::startedAt)
      .thenComparing(Cursor::sagaId);

  private final Map<String, Stored> bySaga = new HashMap<>();
  private final NavigableMap<Cursor, Stored> byStart = new TreeMap<>(ORDER);
  private final TreeSet<String> open = new TreeSet<>();
  /** Signs this store's page tokens: a token of another store, or a changed one, is refused. */
  private final PageTokens tokens = PageTokens.withRandomKey();

  private record Stored(SagaSummary summary, boolean open) {}

  @Override
  public synchronized void record(SagaRow row) {
    Stored previous = bySaga.get(row.sagaId());
    if (previous != null && previous.summary().lastEventId() >= row.lastEventId()) {
      return;
    }
    Instant closedAt = !row.terminal() ? null
        : previous != null && previous.summary().closedAt().isPresent() ? previous.summary().closedAt().get()
        : row.closedAt() != null ? row.closedAt() : row.lastProgressAt();
    Map<String, Object> attributes = row.attributes() != null ? SearchAttributes.decodeAll(row.attributes())
        : previous == null ? Map.of() : previous.summary().searchAttributes();
    SagaSummary summary = new SagaSummary(row.sagaId(), row.workflowType(), row.state(), row.startedAt(),
        Optional.ofNullable(closedAt), attributes, row.lastProgressAt(), row.lastEventId(),
        row.terminal() ? Optional.empty() : row.blocked());
    // a finished run that continued as new stays open for recovery until its next run has started
    boolean isOpen = row.open() && !(row.terminal() && row.continuedAs() != null && bySaga.containsKey(row.continuedAs()));
    Stored stored = new Stored(summary, isOpen);
    bySaga.put(row.sagaId(), stored);
    byStart.put(Cursor.after(summary), stored);
    if (isOpen) {
      open.add(row.sagaId());
    } else {
      open.remove(row.sagaId());
    }
    if (row.continuedFrom() != null) {
      closeLink(row.continuedFrom());
    }
  }

  /** The run {@code sagaId} continued into has started: recovery need not look at it for that. */
  private void closeLink(String sagaId) {
    Stored stored = bySaga.get(sagaId);
    if (stored != null && stored.summary().terminal()) {
      Stored closed = new Stored(stored.summary(), false);
      bySaga.put(sagaId, closed);
      byStart.put(Cursor.after(stored.summary()), closed);
      open.remove(sagaId);
    }
  }

  @Override
  public synchronized Optional<SagaSummary> get(String sagaId) {
    return Optional.ofNullable(bySaga.get(sagaId)).map(Stored::summary);
  }

  @Override
  public synchronized SagaPage list(SagaQuery query) {
    NavigableMap<Cursor, Stored> tail = tokens.cursorOf(query).map(c -> byStart.tailMap(c, false)).orElse(byStart);
    List<SagaSummary> page = new ArrayList<>();
    boolean more = false;
    for (Stored stored : tail.values()) {
      if (!query.matches(stored.summary())) {
        continue;
      }
      if (page.size() == query.limit()) {
        more = true;
        break;
      }
      page.add(stored.summary());
    }
    return new SagaPage(List.copyOf(page),
        more ? Optional.of(tokens.issue(Cursor.after(page.get(page.size() - 1)))) : Optional.empty());
  }

  @Override
  public synchronized List<String> open(String afterSagaId, int limit) {
    List<String> ids = new ArrayList<>(Math.min(limit, 64));
    for (String id : afterSagaId == null ? open : open.tailSet(afterSagaId, false)) {
      if (ids.size() == limit) {
        break;
      }
      ids.add(id);
    }
    return ids;
  }
}
