package dev.operon.runtime;

import dev.operon.checkpoint.CheckpointNames;
import dev.operon.checkpoint.Checkpoints;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.StoredEvent;
import dev.operon.eventstore.StreamPrefix;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import dev.operon.spi.Backend;
import dev.operon.spi.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the global log for one named consumer: reads the events after the consumer's checkpoint
 * (all streams, or those of a {@link StreamPrefix}, filtered by the store), hands them to a
 * {@link LogHandler} in batches, and saves the checkpoint after each batch.
 *
 * <p><b>Exactly once where the backend allows it.</b> Each batch is handled and its checkpoint
 * saved in one {@link Transactor#inTransaction} of the tailer's transactor. When that transactor is
 * atomic and the checkpoints join it ({@link #exactlyOnce()}: the ports of one JDBC backend), a
 * batch's effects through the same backend and its checkpoint commit together, so no event's
 * effect is lost or doubled, even across a crash. Otherwise (in memory, or ports of different
 * backends) the checkpoint is saved after the handler returns: a crash in between hands the batch
 * over again (at least once).
 *
 * <p><b>When it reads.</b> On a {@link ClockedLoop}: every {@link TailerSettings#pollPeriod()} of
 * its clock, which is what makes it correct, and at once when the channel
 * {@link TailerSettings#channel()} of its {@link ChangeNotifier} (if it has one) is notified, which
 * makes it fast. Each round reads batch after batch until the log is caught up. Nothing in Operon
 * notifies the channel on an append yet: a writer that wants its tailers woken calls
 * {@code notifier.notify(LogTailer.EVENTS_CHANNEL)} after its append commits.
 *
 * <p><b>Failures.</b> When the handler throws (or reading or saving fails) the checkpoint does not
 * move, the error is logged with the consumer and its position, and the same batch is tried again
 * after the {@link TailerSettings#backoff()} delay for that attempt (a wake-up does not cut the
 * delay short). The tailer never skips a batch.
 *
 * <p>Run one tailer per consumer name at a time: two tailers of the same consumer would each
 * handle the same batches.
 */
public final class LogTailer implements AutoCloseable {
  /** The channel a tailer listens on unless its settings name another one. */
  public static final String EVENTS_CHANNEL = "operon.events";

  private static final Logger LOG = LoggerFactory.getLogger(LogTailer.class);
  /** Attempts beyond this one all wait the backoff's longest delay. */
  private static final int MAX_COUNTED_ATTEMPT = 30;

  private final String consumer;
  private final StreamPrefix prefix;
  private final EventStore events;
  private final Checkpoints checkpoints;
  private final Transactor transactor;
  private final LogHandler handler;
  private final TailerSettings settings;
  private final Clock clock;
  private final ClockedLoop loop;
  private final Subscription subscription;
  private volatile boolean closed;
  private int failures;
  private Instant retryAt;

  private LogTailer(Builder b) {
    this.consumer = b.consumer;
    this.prefix = b.prefix;
    this.events = Objects.requireNonNull(b.events, "an event store (events(...) or backend(...))");
    this.checkpoints = Objects.requireNonNull(b.checkpoints, "checkpoints (checkpoints(...) or backend(...))");
    this.transactor = b.transactor;
    this.handler = b.handler;
    this.settings = b.settings;
    this.clock = b.clock;
    this.loop = new ClockedLoop("operon-tailer-" + consumer, clock, settings.pollPeriod(), this::round);
    try {
      this.subscription = b.notifier == null ? null : b.notifier.subscribe(settings.channel(), loop::wake);
    } catch (RuntimeException e) {
      loop.close();
      throw e;
    }
    loop.wake();
  }

  /** A builder of a tailer for {@code consumer} (a checkpoint name) that hands events to {@code handler}. */
  public static Builder builder(String consumer, LogHandler handler) {
    return new Builder(consumer, handler);
  }

  /** The consumer whose checkpoint this tailer moves. */
  public String consumer() {
    return consumer;
  }

  /** Whether a batch's handling and its checkpoint commit together (see {@link LogTailer}). */
  public boolean exactlyOnce() {
    return transactor.atomic() && transactor.joins(checkpoints);
  }

  /** Reads and hands over batches until the log is caught up, a batch fails, or the tailer closes. */
  private void round() {
    if (retryAt != null && clock.instant().isBefore(retryAt)) {
      return;
    }
    long position = -1;
    try {
      position = checkpoints.position(consumer);
      while (!closed) {
        List<StoredEvent> batch = read(position);
        if (batch.isEmpty()) {
          break;
        }
        long last = batch.get(batch.size() - 1).position();
        transactor.inTransaction(() -> {
          handler.handle(batch);
          checkpoints.save(consumer, last);
          return null;
        });
        position = last;
        if (batch.size() < settings.batchSize()) {
          break;
        }
      }
      failures = 0;
      retryAt = null;
    } catch (RuntimeException e) {
      failures++;
      Duration delay = settings.backoff().delay(Math.min(failures, MAX_COUNTED_ATTEMPT), ThreadLocalRandom.current());
      retryAt = clock.instant().plus(delay);
      LOG.warn("Log tailer of consumer '{}' failed at position {} (failure {} in a row); the checkpoint stays,"
          + " trying again in {}: {}", consumer, position < 0 ? "unknown" : position, failures, delay, e.toString(), e);
    }
  }

  private List<StoredEvent> read(long position) {
    List<StoredEvent> batch = prefix == null
        ? events.readAll(position, settings.batchSize())
        : events.readAll(position, settings.batchSize(), prefix);
    return List.copyOf(batch);
  }

  /** Stops reading: unsubscribes, stops the loop and waits (up to 10 s) for a batch being handled. */
  @Override
  public void close() {
    closed = true;
    if (subscription != null) {
      subscription.close();
    }
    loop.close();
  }

  /** Builds a {@link LogTailer}; {@link #start()} starts it. */
  public static final class Builder {
    private final String consumer;
    private final LogHandler handler;
    private StreamPrefix prefix;
    private EventStore events;
    private Checkpoints checkpoints;
    private Transactor transactor = Transactor.direct();
    private ChangeNotifier notifier;
    private Clock clock = Clock.systemUTC();
    private TailerSettings settings = TailerSettings.defaults();

    private Builder(String consumer, LogHandler handler) {
      this.consumer = CheckpointNames.requireConsumer(consumer);
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Takes every port from {@code backend}: its event store, checkpoints, transactor and notifier
     * (so a JDBC backend's tailer is {@linkplain LogTailer#exactlyOnce() exactly once}).
     */
    public Builder backend(Backend backend) {
      Objects.requireNonNull(backend, "backend");
      this.events = backend.eventStore();
      this.checkpoints = backend.checkpoints();
      this.transactor = backend.transactor();
      this.notifier = backend.notifier();
      return this;
    }

    /** Reads only the streams whose name starts with {@code value} (default: every stream). */
    public Builder prefix(StreamPrefix value) {
      this.prefix = value;
      return this;
    }

    /** The log to read. */
    public Builder events(EventStore value) {
      this.events = value;
      return this;
    }

    /** Where the consumer's position is kept. */
    public Builder checkpoints(Checkpoints value) {
      this.checkpoints = value;
      return this;
    }

    /** The unit of work each batch runs in (default {@link Transactor#direct()}). */
    public Builder transactor(Transactor value) {
      this.transactor = Objects.requireNonNull(value, "transactor");
      return this;
    }

    /** What wakes the tailer between polls; {@code null} for none (it then only polls). */
    public Builder notifier(ChangeNotifier value) {
      this.notifier = value;
      return this;
    }

    /** The clock its polls follow (default the system clock; a manual clock in tests). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Batch size, poll period, channel and backoff (default {@link TailerSettings#defaults()}). */
    public Builder settings(TailerSettings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /** Starts the tailer: it reads at once, then on each poll and wake-up, until closed. */
    public LogTailer start() {
      return new LogTailer(this);
    }
  }
}
