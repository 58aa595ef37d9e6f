package dev.operon.tracking;

import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OperationTracker} and {@link OperationWatcher} over a {@link TrackingStore}. Every
 * change reads the operation, checks the transition, and writes it back only if nobody changed it
 * meanwhile (else it reads again). Starts, completions and failures are logged as the structured
 * events {@code operation.started}, {@code operation.completed} and {@code operation.failed}.
 */
public final class Tracking implements OperationTracker, OperationWatcher {
  /** The most characters of JSON data an event may carry. */
  public static final int MAX_DATA_LENGTH = 16_384;
  /** The most characters of an operation id given by the caller ({@link #startAs}). */
  public static final int MAX_ID_LENGTH = 200;
  private static final Logger LOG = LoggerFactory.getLogger("operon.tracking");
  private static final int STALLED_PAGE = 1_000;

  private final TrackingStore store;
  private final Clock clock;
  private final IdGenerator ids;

  public Tracking(TrackingStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = new IdGenerator(clock);
  }

  @Override
  public String start(String name, String correlationId, String parentId, Map<String, String> tags) {
    String id = ids.next();
    startAs(id, name, correlationId, parentId, tags);
    return id;
  }

  @Override
  public boolean startAs(String id, String name, String correlationId, String parentId, Map<String, String> tags) {
    if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
      throw OperonException.invalid("An operation id must be 1 to " + MAX_ID_LENGTH + " characters, was '" + id + "'");
    }
    String checked = OperationNames.require(name);
    Instant now = clock.instant();
    TrackedOperation operation = new TrackedOperation(id, checked, OperationStatus.RUNNING, now, now, null,
        null, null, blankToNull(correlationId), parentId, tags, 1);
    if (!store.insertIfAbsent(operation)) {
      if (parentId != null && store.find(parentId).isEmpty()) {
        throw OperonException.invalid("Parent operation " + parentId + " of " + checked + " is not tracked");
      }
      return false;
    }
    LOG.info("operation.started id={} name={} correlation={} parent={}", id, checked,
        operation.correlationId(), parentId);
    return true;
  }

  @Override
  public boolean recordEnded(TrackedOperation ended) {
    Objects.requireNonNull(ended, "ended");
    if (!ended.status().terminal()) {
      throw OperonException.invalid("Operation " + ended.id() + " can be recorded as ended only with SUCCEEDED,"
          + " FAILED or CANCELED, not " + ended.status());
    }
    if (ended.id().isBlank() || ended.id().length() > MAX_ID_LENGTH) {
      throw OperonException.invalid("An operation id must be 1 to " + MAX_ID_LENGTH + " characters, was '"
          + ended.id() + "'");
    }
    String checked = OperationNames.require(ended.name());
    Instant now = clock.instant();
    Instant startedAt = ended.startedAt().isAfter(now) ? now : ended.startedAt();
    TrackedOperation record = new TrackedOperation(ended.id(), checked, ended.status(), startedAt, now, now,
        ended.percent(), ended.message(), blankToNull(ended.correlationId()), ended.parentId(), ended.tags(), 1);
    if (!store.insertIfAbsent(record)) {
      if (ended.parentId() != null && store.find(ended.parentId()).isEmpty()) {
        throw OperonException.invalid("Parent operation " + ended.parentId() + " of " + checked + " is not tracked");
      }
      return false;
    }
    if (record.status() == OperationStatus.FAILED) {
      LOG.warn("operation.failed id={} name={} message={}", record.id(), checked, record.message());
    } else {
      LOG.info("operation.completed id={} name={} status={}", record.id(), checked, record.status());
    }
    return true;
  }

  @Override
  public void recordAll(List<TrackingChange> changes) {
    Objects.requireNonNull(changes, "changes");
    if (changes.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<TrackingChange> checked = new java.util.ArrayList<>(changes.size());
    for (TrackingChange change : changes) {
      checked.add(checked(change, now));
    }
    store.applyAll(checked, now);
    for (TrackingChange change : checked) {
      TrackedOperation op = change.operation();
      if (change.type() == TrackingChange.Type.START) {
        LOG.info("operation.started id={} name={} correlation={} parent={}", op.id(), op.name(), op.correlationId(),
            op.parentId());
      } else if (op.status() == OperationStatus.FAILED) {
        LOG.warn("operation.failed id={} name={} message={}", op.id(), op.name(), op.message());
      } else if (change.type() == TrackingChange.Type.END) {
        LOG.info("operation.completed id={} name={} status={}", op.id(), op.name(), op.status());
      }
    }
  }

  /** {@code change} checked, its times now: what the store writes (versions: start 1, progress 2, end 1). */
  private static TrackingChange checked(TrackingChange change, Instant now) {
    TrackedOperation op = change.operation();
    if (op.id().isBlank() || op.id().length() > MAX_ID_LENGTH) {
      throw OperonException.invalid("An operation id must be 1 to " + MAX_ID_LENGTH + " characters, was '"
          + op.id() + "'");
    }
    String name = OperationNames.require(op.name());
    if (op.percent() != null && (op.percent() < 0 || op.percent() > 100)) {
      throw OperonException.invalid("Progress of operation " + op.id() + " must be between 0 and 100, was "
          + op.percent());
    }
    return switch (change.type()) {
      case START -> new TrackingChange(change.type(), new TrackedOperation(op.id(), name, OperationStatus.RUNNING,
          now, now, null, op.percent(), op.message(), blankToNull(op.correlationId()), op.parentId(), op.tags(), 1));
      case PROGRESS -> new TrackingChange(change.type(), new TrackedOperation(op.id(), name,
          OperationStatus.RUNNING, now, now, null, op.percent(), op.message(), blankToNull(op.correlationId()),
          op.parentId(), op.tags(), 2));
      case END -> {
        if (!op.status().terminal()) {
          throw OperonException.invalid("Operation " + op.id() + " can end only with SUCCEEDED, FAILED or CANCELED,"
              + " not " + op.status());
        }
        yield new TrackingChange(change.type(), new TrackedOperation(op.id(), name, op.status(), now, now, now,
            op.percent(), op.message(), blankToNull(op.correlationId()), op.parentId(), op.tags(), 1));
      }
    };
  }

  @Override
  public void updateProgress(String id, Integer percent, String message) {
    if (percent != null && (percent < 0 || percent > 100)) {
      throw OperonException.invalid("Progress of operation " + id + " must be between 0 and 100, was " + percent);
    }
    requireId(id);
    while (!store.progress(id, percent, message, clock.instant())) {
      TrackedOperation current = require(id);
      requireMove(current, OperationStatus.RUNNING);
    }
  }

  @Override
  public void addEvent(String id, String kind, String message, String dataJson) {
    if (kind == null || kind.isBlank()) {
      throw OperonException.invalid("An event of operation " + id + " needs a kind (e.g. Checkpoint, Warning, Error)");
    }
    if (message == null || message.isBlank()) {
      throw OperonException.invalid("An event of operation " + id + " needs a message");
    }
    if (dataJson != null && dataJson.length() > MAX_DATA_LENGTH) {
      throw OperonException.invalid("The data of an event of operation " + id + " has " + dataJson.length()
          + " characters, more than " + MAX_DATA_LENGTH);
    }
    require(id);
    store.addEvent(new TrackingEvent(ids.next(), id, clock.instant(), kind.strip(), message, dataJson));
  }

  @Override
  public void complete(String id, OperationStatus status, String message) {
    Objects.requireNonNull(status, "status");
    if (status == OperationStatus.PENDING || status == OperationStatus.RUNNING || status == OperationStatus.STALLED) {
      throw OperonException.invalid("Complete operation " + id + " with SUCCEEDED, FAILED or CANCELED, not " + status);
    }
    requireId(id);
    while (true) {
      Optional<TrackedOperation> done = store.finish(id, status, message, clock.instant());
      if (done.isPresent()) {
        if (status == OperationStatus.FAILED) {
          LOG.warn("operation.failed id={} name={} message={}", id, done.get().name(), done.get().message());
        } else {
          LOG.info("operation.completed id={} name={} status={}", id, done.get().name(), status);
        }
        return;
      }
      TrackedOperation current = require(id);
      if (current.status() == status) {
        return;
      }
      requireMove(current, status);
    }
  }

  @Override
  public Optional<TrackedOperation> snapshot(String id) {
    return store.find(id);
  }

  @Override
  public List<TrackingEvent> timeline(String id) {
    return store.events(id);
  }

  @Override
  public List<TrackedOperation> correlated(String correlationId) {
    return store.byCorrelation(correlationId);
  }

  @Override
  public List<TrackedOperation> children(String parentId) {
    return store.children(parentId);
  }

  @Override
  public List<TrackedOperation> findStalled(Duration threshold) {
    if (threshold == null || threshold.isNegative() || threshold.isZero()) {
      throw OperonException.invalid("A stalled threshold must be positive, was " + threshold);
    }
    return store.findStalled(threshold, STALLED_PAGE);
  }

  @Override
  public boolean markStalled(String id) {
    TrackedOperation stalled = change(id, current -> {
      if (current.status().terminal() || current.status() == OperationStatus.STALLED) {
        return null;
      }
      return current.with(OperationStatus.STALLED, clock.instant(), current.percent(), current.message());
    });
    if (stalled != null) {
      LOG.warn("operation.stalled id={} name={} last update {}", id, stalled.name(), stalled.updatedAt());
    }
    return stalled != null;
  }

  /**
   * A scope for try-with-resources: closing it completes the operation SUCCEEDED unless
   * {@link TrackingScope#fail} or {@link TrackingScope#complete} ended it first.
   */
  public TrackingScope scope(String name, String correlationId, String parentId, Map<String, String> tags) {
    return new TrackingScope(this, start(name, correlationId, parentId, tags));
  }

  /** Reads, changes and writes back an operation until the write is not overtaken; null if nothing changed. */
  private TrackedOperation change(String id, Function<TrackedOperation, TrackedOperation> change) {
    while (true) {
      TrackedOperation current = require(id);
      TrackedOperation next = change.apply(current);
      if (next == null) {
        return null;
      }
      if (store.update(next)) {
        return next;
      }
    }
  }

  private static void requireId(String id) {
    if (id == null || id.isBlank()) {
      throw OperonException.invalid("An operation id must not be blank");
    }
  }

  private TrackedOperation require(String id) {
    requireId(id);
    return store.find(id).orElseThrow(() -> OperonException.invalid("No tracked operation " + id));
  }

  private static void requireMove(TrackedOperation current, OperationStatus next) {
    if (!current.status().canMoveTo(next)) {
      throw OperonException.invalid("Operation " + current.id() + " (" + current.name() + ") is " + current.status()
          + "; it cannot become " + next);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
