package dev.operon.saga.internal;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaPage;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaState;
import dev.operon.saga.SagaSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's visibility index: a summary of every saga (type, state, start and close time,
 * search attributes, time of last progress), built by tailing the event store's global log
 * ({@code readAll}) from the start, then from where it stopped, and folding each saga's events
 * through the saga state table. It holds every saga in memory (a few hundred bytes each).
 *
 * <p>The log it follows is the one recovery scans: on PostgreSQL it shows an event only once every
 * transaction older than the event's has ended, so the index lags behind transactions still open
 * anywhere on the server. {@link #awaitOwnWrites} waits until it includes this process's own
 * appends. Thread-safe: {@link #refresh} is serialized, readers see a consistent copy.
 */
public final class SagaIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SagaIndex.class);
  private static final int PAGE = 1000;
  private static final long WAIT_STEP_MILLIS = 5;

  private final HistoryStore histories;
  private final Map<String, Entry> bySaga = new ConcurrentHashMap<>();
  private final NavigableMap<Long, Entry> byStart = new TreeMap<>();
  private long position;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile Thread tail;

  public SagaIndex(HistoryStore histories) {
    this.histories = histories;
  }

  /**
   * Keeps the index current in the background: refreshes every {@code every} on a virtual thread
   * until {@link #close}. Readers refresh anyway; this keeps the work per read small.
   */
  public void start(Duration every) {
    tail = Thread.ofVirtual().name("saga-index").start(() -> {
      try {
        do {
          try {
            refresh();
          } catch (RuntimeException e) {
            LOG.warn("Saga index: reading the global log failed: {}", e.toString());
          }
        } while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Stops the background refresh, if started, after its current read. */
  @Override
  public void close() {
    stop.countDown();
    Thread t = tail;
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reads the global log from where the last refresh stopped to its visible end; returns the events read. */
  public synchronized int refresh() {
    int read = 0;
    while (true) {
      HistoryStore.LogPage page = histories.readLog(position, PAGE);
      if (page.read() == 0) {
        return read;
      }
      page.entries().forEach(this::apply);
      position = page.lastPosition();
      read += page.read();
    }
  }

  /** Every saga the index knows, oldest first, after a {@link #refresh}. */
  public List<SagaSummary> snapshot() {
    refresh();
    synchronized (this) {
      return byStart.values().stream().map(Entry::summary).toList();
    }
  }

  /** The summary of {@code sagaId}, if the index has seen it start. */
  public Optional<SagaSummary> get(String sagaId) {
    return Optional.ofNullable(bySaga.get(sagaId)).map(Entry::summary);
  }

  /**
   * The ids of sagas not finished (a saga whose failed rollback is being retried counts again), and
   * of runs that continued as new into a run the index has not seen start (so that recovery can
   * start it), oldest first, after a {@link #refresh}.
   */
  public List<String> unfinished() {
    refresh();
    synchronized (this) {
      return byStart.values().stream()
          .filter(e -> !e.summary().terminal() || (e.continuedAs != null && !bySaga.containsKey(e.continuedAs)))
          .map(e -> e.summary().sagaId()).toList();
    }
  }

  /** One page of the sagas {@code query} matches, oldest first. */
  public SagaPage list(SagaQuery query) {
    if (query.awaitCatchUp().isPositive()) {
      awaitOwnWrites(query.awaitCatchUp());
    } else {
      refresh();
    }
    List<SagaSummary> page = new ArrayList<>();
    long last = query.after();
    boolean more = false;
    synchronized (this) {
      for (Map.Entry<Long, Entry> e : byStart.tailMap(query.after(), false).entrySet()) {
        SagaSummary saga = e.getValue().summary();
        if (!query.matches(saga)) {
          continue;
        }
        if (page.size() == query.limit()) {
          more = true;
          break;
        }
        page.add(saga);
        last = e.getKey();
      }
    }
    return new SagaPage(List.copyOf(page), more ? Optional.of(Long.toString(last)) : Optional.empty());
  }

  /**
   * Refreshes until the index holds every event this process appended before the call, or throws
   * TIMEOUT after {@code timeout} naming a saga it is still missing.
   */
  public void awaitOwnWrites(Duration timeout) {
    Map<String, Long> wanted = histories.pendingWrites();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      refresh();
      Optional<String> missing = wanted.entrySet().stream()
          .filter(w -> seen(w.getKey()) < w.getValue()).map(Map.Entry::getKey).findFirst();
      if (missing.isEmpty()) {
        return;
      }
      if (System.nanoTime() >= deadline) {
        throw OperonException.of(ErrorKind.TIMEOUT, "The saga index has not caught up with this engine's own"
                + " writes within " + timeout + ": saga " + missing.get() + " is at event " + seen(missing.get())
                + " of " + wanted.get(missing.get()) + " (the global log waits for older open transactions)")
            .id(OperonException.Ids.SAGA, missing.get()).build();
      }
      try {
        Thread.sleep(WAIT_STEP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperonException(ErrorKind.CANCELLED, "Interrupted while waiting for the saga index", e);
      }
    }
  }

  private long seen(String sagaId) {
    Entry entry = bySaga.get(sagaId);
    return entry == null ? 0 : entry.lastEventId;
  }

  private void apply(HistoryStore.LogEntry logged) {
    HistoryEvent event = logged.event();
    Entry entry = bySaga.get(event.sagaId());
    if (event.eventType() == EventType.WORKFLOW_EXECUTION_STARTED && event.eventId() == 1) {
      entry = new Entry(event, logged.position());
      bySaga.put(event.sagaId(), entry);
      byStart.put(logged.position(), entry);
    }
    if (entry == null) {
      return;
    }
    entry.apply(event);
    histories.forgetWrite(event.sagaId(), event.eventId());
  }

  /** What the index keeps of one saga; changed only under the index's lock. */
  private static final class Entry {
    private final String sagaId;
    private final String workflowType;
    private final Instant startedAt;
    private final SagaStateProjection projection;
    private final Map<String, Object> searchAttributes = new TreeMap<>();
    private volatile SagaSummary summary;
    private volatile long lastEventId;
    private Instant closedAt;
    private boolean broken;
    private volatile String continuedAs;
    private Optional<dev.operon.saga.SagaBlock> blocked = Optional.empty();

    Entry(HistoryEvent started, long position) {
      this.sagaId = started.sagaId();
      this.workflowType = started.text(Attr.WORKFLOW_TYPE);
      this.startedAt = started.timestamp();
      this.projection = SagaStateProjection.empty(sagaId);
    }

    void apply(HistoryEvent event) {
      if (event.eventId() <= lastEventId) {
        return;
      }
      lastEventId = event.eventId();
      if (!broken) {
        try {
          projection.apply(event);
        } catch (OperonException e) {
          broken = true;
          LOG.warn("Saga index: history of saga {} breaks the state table at event {}: {}", sagaId,
              event.eventId(), e.getMessage());
        }
      }
      SearchAttributes.apply(searchAttributes, event);
      if (event.eventType() == EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
        continuedAs = event.text(Attr.CONTINUED_AS);
      }
      if (event.eventType() == EventType.WORKFLOW_TASK_FAILED) {
        dev.operon.saga.SagaFailure failure = Json.value(event.attributes().get(Attr.FAILURE),
            dev.operon.saga.SagaFailure.class);
        blocked = Optional.of(new dev.operon.saga.SagaBlock(failure.kind(), failure.message(), event.timestamp()));
      } else if (event.eventType() == EventType.WORKFLOW_TASK_COMPLETED) {
        blocked = Optional.empty();
      }
      // a failed rollback retried (Failed -> Compensating) re-opens a finished saga until it ends again
      if (!projection.terminal()) {
        closedAt = null;
      } else if (closedAt == null) {
        closedAt = event.timestamp();
      }
      SagaState state = projection.state();
      summary = new SagaSummary(sagaId, workflowType, state, startedAt, Optional.ofNullable(closedAt),
          Map.copyOf(searchAttributes), event.timestamp(), lastEventId, projection.terminal() ? Optional.empty() : blocked);
    }

    SagaSummary summary() {
      return summary;
    }
  }
}
