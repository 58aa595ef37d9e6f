package dev.operon.commands.internal;

import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import dev.operon.runtime.ClockedLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the operations other hosts commit and completes each on this host (listeners, then the
 * invalidation pass). Tails the operation log by index from the first operation logged in the
 * last 3 seconds; skips this host's own operations. An index that is missing when a higher one is
 * read belongs to a transaction that has not committed yet (or never will): it becomes a gap,
 * looked for again on every pass while it is younger than a minute, then every check period, and
 * forgotten after 30 minutes; at most 16,384 gaps are kept (the oldest go first). When this reader
 * has not read for longer than the log's retention and the log was trimmed past its position (an
 * index above it may be a transaction still open, so only time says it fell behind), it invalidates every
 * computed value of the host, jumps to the oldest operation kept and says so in the log. Wakes when a host announces a commit on
 * {@link #CHANNEL}, and polls every check period (5 s) whatever happens, so a lost announcement
 * costs latency, never an operation.
 */
final class OperationLogReader implements AutoCloseable {
  static final String CHANNEL = "operon.oplog";
  static final int BATCH = 64;
  static final int MAX_GAPS = 16_384;
  static final Duration YOUNG_GAP = Duration.ofMinutes(1);
  static final Duration GAP_LIFETIME = Duration.ofMinutes(30);
  static final Duration START_WINDOW = Duration.ofSeconds(3);
  private static final Logger LOG = LoggerFactory.getLogger(OperationLogReader.class);

  private final OperationLog log;
  private final Completions completions;
  private final String hostId;
  private final Clock clock;
  private final Duration checkPeriod;
  private final TreeMap<Long, Instant> gaps = new TreeMap<>();
  private final ClockedLoop loop;
  private final Subscription subscription;
  private final Runnable invalidateEverything;
  private final Duration retention;
  private Instant lastPass;
  private long position;
  private Instant lastOldGapCheck;

  OperationLogReader(OperationLog log, Completions completions, String hostId, Clock clock, Duration checkPeriod,
      ChangeNotifier notifier, Duration retention, Runnable invalidateEverything) {
    this.invalidateEverything = invalidateEverything;
    this.retention = retention;
    this.lastPass = clock.instant();
    this.log = log;
    this.completions = completions;
    this.hostId = hostId;
    this.clock = clock;
    this.checkPeriod = checkPeriod;
    this.position = log.lastIndexBefore(clock.instant().minus(START_WINDOW));
    this.lastOldGapCheck = clock.instant();
    this.loop = new ClockedLoop("operon-oplog-reader-" + hostId, clock, checkPeriod, 0.1, this::readAll);
    this.subscription = notifier == null ? null : notifier.subscribe(CHANNEL, loop::wake);
  }

  /** Reads every operation committed since the last pass, and looks for the gaps due. */
  synchronized void readAll() {
    Instant now = clock.instant();
    boolean mayHaveMissed = !now.isBefore(lastPass.plus(retention));
    lastPass = now;
    long oldest = mayHaveMissed ? log.oldestIndex() : 0;
    if (oldest > position + 1) {
      LOG.warn("The operation log was trimmed past this host's position ({} < {}): operations in between were"
          + " never read here; invalidating every computed value and jumping to the oldest operation kept",
          position, oldest);
      invalidateEverything.run();
      position = oldest - 1;
      gaps.clear();
    }
    List<OperationLog.Entry> batch;
    do {
      batch = log.entriesAfter(position, BATCH, hostId);
      for (OperationLog.Entry entry : batch) {
        for (long missing = position + 1; missing < entry.index(); missing++) {
          addGap(missing, now);
        }
        position = Math.max(position, entry.index());
        handle(entry);
      }
    } while (batch.size() == BATCH);
    recheckGaps(now);
  }

  private void addGap(long index, Instant now) {
    gaps.put(index, now);
    while (gaps.size() > MAX_GAPS) {
      gaps.pollFirstEntry();
    }
  }

  private void recheckGaps(Instant now) {
    if (gaps.isEmpty()) {
      return;
    }
    boolean checkOld = !now.isBefore(lastOldGapCheck.plus(checkPeriod));
    if (checkOld) {
      lastOldGapCheck = now;
    }
    List<Long> due = new ArrayList<>();
    Iterator<Map.Entry<Long, Instant>> entries = gaps.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Long, Instant> gap = entries.next();
      Duration age = Duration.between(gap.getValue(), now);
      if (age.compareTo(GAP_LIFETIME) > 0) {
        entries.remove();
      } else if (checkOld || age.compareTo(YOUNG_GAP) < 0) {
        due.add(gap.getKey());
      }
    }
    if (due.isEmpty()) {
      return;
    }
    for (OperationLog.Entry entry : log.entriesAt(due, hostId)) {
      gaps.remove(entry.index());
      handle(entry);
    }
  }

  /** Completes an operation of another host; this host's own (not decoded) completed when they committed. */
  private void handle(OperationLog.Entry entry) {
    if (entry.operation() != null) {
      completions.complete(entry.operation(), false);
    }
  }

  /** The gaps this reader looks for, by index (for tests and diagnostics). */
  synchronized List<Long> gaps() {
    return List.copyOf(gaps.keySet());
  }

  @Override
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
    loop.close();
  }
}
